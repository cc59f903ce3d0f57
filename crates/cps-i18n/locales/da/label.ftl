# The shipping label of a service request (issue 15), a PDF: the product
# goes to the service centre with it.
label-title = Forsendelseslabel – service
label-from = Afsender
label-to = Modtager
label-contact = Kontaktperson
label-phone = Telefon
label-email = E-mail
label-request-number = Servicesag
label-contents = Indhold
label-product = Produkt
label-serial = Serienummer
label-kind = Type opgave
label-kind-repair = Reparation
label-kind-maintenance = Vedligeholdelse (kontrol og rensning)
label-kind-sensor-clean = Sensorrensning
label-date = Dato
label-note = Sæt labelen godt synligt på pakken, og skriv ikke på stregkoden.
