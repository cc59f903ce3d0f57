# Reparasjonsfakturaen (sak 15): linjene, rabatten og vedlikeholdstilskuddet (PDF og side).
svc-inv-request = Servicesak
svc-inv-product = Produkt
svc-inv-description = Beskrivelse
svc-inv-kind-part = Reservedel
svc-inv-kind-labour = Arbeid
svc-inv-kind-sensor_clean = Sensorrengjøring
svc-inv-kind-diagnosis_fee = Feilsøkingsgebyr
svc-inv-lines-total = Sum linjer (listepris)
svc-inv-discount = Medlemsrabatt { $percent } % på reservedeler og arbeid ({ $base })
svc-inv-free-clean = Gratis sensorrengjøring (inngår i medlemskapet)
svc-inv-allowance = Vedlikeholdstilskudd
