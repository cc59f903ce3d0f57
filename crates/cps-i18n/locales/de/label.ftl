# The shipping label of a service request (issue 15), a PDF: the product
# goes to the service centre with it.
label-title = Versandetikett – Service
label-from = Absender
label-to = Empfänger
label-contact = Ansprechpartner
label-phone = Telefon
label-email = E-Mail
label-request-number = Serviceauftrag
label-contents = Inhalt
label-product = Produkt
label-serial = Seriennummer
label-kind = Auftragsart
label-kind-repair = Reparatur
label-kind-maintenance = Wartung (Prüfung und Reinigung)
label-kind-sensor-clean = Sensorreinigung
label-date = Datum
label-note = Bringen Sie das Etikett gut sichtbar auf dem Paket an und beschriften Sie den Strichcode nicht.
