# The shipping label of a service request (issue 15), a PDF: the product
# goes to the service centre with it.
label-title = Shipping label – service
label-from = Sender
label-to = Recipient
label-contact = Contact person
label-phone = Phone
label-email = Email
label-request-number = Service request
label-contents = Contents
label-product = Product
label-serial = Serial number
label-kind = Type of request
label-kind-repair = Repair
label-kind-maintenance = Maintenance (check and clean)
label-kind-sensor-clean = Sensor clean
label-date = Date
label-note = Attach the label where it can be seen on the package and do not write on the barcode.
