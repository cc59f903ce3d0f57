# The invoice PDF and where staff download it (issue 11).
pdf-quantity = Määrä
pdf-unit-price = À-hinta
pdf-credit-note-number = Hyvityslaskun numero
pdf-credit-note-date = Hyvityslaskun päivämäärä
admin-invoice-pdf = PDF
admin-invoice-pdf-open = Lataa PDF (sama tiedosto, jonka asiakas sai)
