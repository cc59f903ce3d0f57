# The shipping label of a service request (issue 15), a PDF: the product
# goes to the service centre with it.
label-title = Fraktsedel – service
label-from = Avsändare
label-to = Mottagare
label-contact = Kontaktperson
label-phone = Telefon
label-email = E-post
label-request-number = Serviceärende
label-contents = Innehåll
label-product = Produkt
label-serial = Serienummer
label-kind = Typ av ärende
label-kind-repair = Reparation
label-kind-maintenance = Underhåll (kontroll och rengöring)
label-kind-sensor-clean = Sensorrengöring
label-date = Datum
label-note = Fäst fraktsedeln väl synlig på paketet och skriv inte på streckkoden.
