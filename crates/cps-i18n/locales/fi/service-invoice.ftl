# Korjauslasku (tehtävä 15): rivit, alennus ja huoltosaldo (PDF ja sivu).
svc-inv-request = Huoltopyyntö
svc-inv-product = Tuote
svc-inv-description = Kuvaus
svc-inv-kind-part = Varaosa
svc-inv-kind-labour = Työ
svc-inv-kind-sensor_clean = Kennon puhdistus
svc-inv-kind-diagnosis_fee = Vianmääritysmaksu
svc-inv-lines-total = Rivit yhteensä (listahinta)
svc-inv-discount = Jäsenalennus { $percent } % varaosista ja työstä ({ $base })
svc-inv-free-clean = Maksuton kennonpuhdistus (sisältyy jäsenyyteen)
svc-inv-allowance = Huoltosaldosta
