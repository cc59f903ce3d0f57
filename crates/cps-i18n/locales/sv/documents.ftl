# The invoice PDF and where staff download it (issue 11).
pdf-quantity = Antal
pdf-unit-price = À-pris
pdf-credit-note-number = Kreditfakturanummer
pdf-credit-note-date = Kreditfakturadatum
admin-invoice-pdf = PDF
admin-invoice-pdf-open = Ladda ner PDF (samma fil som kunden fick)
