# The shipping label of a service request (issue 15), a PDF: the product
# goes to the service centre with it.
label-title = Fraktetikett – service
label-from = Avsender
label-to = Mottaker
label-contact = Kontaktperson
label-phone = Telefon
label-email = E-post
label-request-number = Serviceoppdrag
label-contents = Innhold
label-product = Produkt
label-serial = Serienummer
label-kind = Type oppdrag
label-kind-repair = Reparasjon
label-kind-maintenance = Vedlikehold (kontroll og rengjøring)
label-kind-sensor-clean = Sensorrengjøring
label-date = Dato
label-note = Fest etiketten godt synlig på pakken, og ikke skriv på strekkoden.
