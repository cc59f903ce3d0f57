# The invoice PDF and where staff download it (issue 11).
pdf-quantity = Antal
pdf-unit-price = Stykpris
pdf-credit-note-number = Kreditnotanummer
pdf-credit-note-date = Kreditnotadato
admin-invoice-pdf = PDF
admin-invoice-pdf-open = Download PDF (samme fil, som kunden fik)
