# E-invoices and VAT numbers (VIES).
einvoice-reference = Your reference
einvoice-reference-hint = Printed on the invoice as your reference (for example who ordered, or a purchase order number). Without it, the contact person is printed.
einvoice-settings-legend = Invoices
einvoice-settings-submit = Save reference
error-reference-invalid = The reference can be at most 100 characters, on one line.
error-vat-not-in-vies = The EU's VAT register (VIES) does not know this VAT number. Check the number, or leave it empty and give your organisation number.
einvoice-vies-consultation = VAT number checked in VIES (consultation number)
