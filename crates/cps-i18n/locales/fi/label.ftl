# The shipping label of a service request (issue 15), a PDF: the product
# goes to the service centre with it.
label-title = Lähetystarra – huolto
label-from = Lähettäjä
label-to = Vastaanottaja
label-contact = Yhteyshenkilö
label-phone = Puhelin
label-email = Sähköposti
label-request-number = Huoltopyyntö
label-contents = Sisältö
label-product = Tuote
label-serial = Sarjanumero
label-kind = Pyynnön tyyppi
label-kind-repair = Korjaus
label-kind-maintenance = Huolto (tarkastus ja puhdistus)
label-kind-sensor-clean = Kennon puhdistus
label-date = Päivämäärä
label-note = Kiinnitä tarra näkyvälle paikalle pakettiin äläkä kirjoita viivakoodin päälle.
