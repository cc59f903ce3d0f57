# The invoice PDF and where staff download it (issue 11).
pdf-quantity = Antall
pdf-unit-price = Enhetspris
pdf-credit-note-number = Kreditnotanummer
pdf-credit-note-date = Kreditnotadato
admin-invoice-pdf = PDF
admin-invoice-pdf-open = Last ned PDF (samme fil som kunden fikk)
