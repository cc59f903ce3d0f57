# The invoice PDF and where staff download it (issue 11).
pdf-quantity = Menge
pdf-unit-price = Einzelpreis
pdf-credit-note-number = Gutschriftsnummer
pdf-credit-note-date = Gutschriftsdatum
admin-invoice-pdf = PDF
admin-invoice-pdf-open = PDF herunterladen (dieselbe Datei, die der Kunde erhalten hat)
