# Reparationsfakturan (ärende 15): raderna, rabatten och underhållsbidraget på fakturan (PDF och sidan).
svc-inv-request = Serviceärende
svc-inv-product = Produkt
svc-inv-description = Beskrivning
svc-inv-kind-part = Reservdel
svc-inv-kind-labour = Arbete
svc-inv-kind-sensor_clean = Sensorrengöring
svc-inv-kind-diagnosis_fee = Felsökningsavgift
svc-inv-lines-total = Summa rader (listpris)
svc-inv-discount = Medlemsrabatt { $percent } % på reservdelar och arbete ({ $base })
svc-inv-free-clean = Kostnadsfri sensorrengöring (ingår i medlemskapet)
svc-inv-allowance = Underhållsbidrag
