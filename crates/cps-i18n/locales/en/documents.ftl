# The invoice PDF and where staff download it (issue 11).
pdf-quantity = Quantity
pdf-unit-price = Unit price
pdf-credit-note-number = Credit note number
pdf-credit-note-date = Credit note date
admin-invoice-pdf = PDF
admin-invoice-pdf-open = Download the PDF (the same file the customer received)
