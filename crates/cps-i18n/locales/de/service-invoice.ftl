# Die Reparaturrechnung (Issue 15): Positionen, Rabatt und Wartungsguthaben (PDF und Seite).
svc-inv-request = Serviceauftrag
svc-inv-product = Produkt
svc-inv-description = Beschreibung
svc-inv-kind-part = Ersatzteil
svc-inv-kind-labour = Arbeit
svc-inv-kind-sensor_clean = Sensorreinigung
svc-inv-kind-diagnosis_fee = Diagnosegebühr
svc-inv-lines-total = Summe der Positionen (Listenpreis)
svc-inv-discount = Mitgliederrabatt { $percent } % auf Ersatzteile und Arbeit ({ $base })
svc-inv-free-clean = Kostenlose Sensorreinigung (in der Mitgliedschaft enthalten)
svc-inv-allowance = Wartungsguthaben
