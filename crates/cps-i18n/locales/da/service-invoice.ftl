# Reparationsfakturaen (sag 15): linjerne, rabatten og vedligeholdelsestilskuddet (PDF og side).
svc-inv-request = Servicesag
svc-inv-product = Produkt
svc-inv-description = Beskrivelse
svc-inv-kind-part = Reservedel
svc-inv-kind-labour = Arbejde
svc-inv-kind-sensor_clean = Sensorrensning
svc-inv-kind-diagnosis_fee = Fejlfindingsgebyr
svc-inv-lines-total = Linjer i alt (listepris)
svc-inv-discount = Medlemsrabat { $percent } % på reservedele og arbejde ({ $base })
svc-inv-free-clean = Gratis sensorrensning (indgår i medlemskabet)
svc-inv-allowance = Vedligeholdelsestilskud
