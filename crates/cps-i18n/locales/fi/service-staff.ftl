# Huolto ja korjaus taustajärjestelmässä (tiketti 15): huoltohenkilöstön vaiheet, tarjoukset ja lainalaitevarasto.

## Rooli ja välilehti
admin-nav-service = Huolto
admin-role-service = Huolto

## Huoltojono
admin-svc-queue-requests = Huoltopyynnöt
admin-svc-filter-open = Avoimet
admin-svc-filter-all = Kaikki
admin-svc-filter-due = Luvattu päivä
admin-svc-filter-any-due = Kaikki
admin-svc-filter-late = Vaarassa myöhästyä tai myöhässä
admin-svc-filter-any-kind = Kaikki tyypit
admin-svc-filter-apply = Näytä
admin-svc-loans-open = Lainalaitevarastoon

## Yksi huoltopyyntö
admin-svc-request-title = Huoltopyyntö { $number }
admin-svc-request-details = Pyyntö
admin-svc-shipping = Toimitus
admin-svc-received = Vastaanotettu
admin-svc-tracking = Seurantanumero
admin-svc-tracking-hint = Asiakkaalle palautettavan paketin seurantanumero.
admin-svc-return-address = Palautusosoite
admin-svc-description = Asiakkaan vikakuvaus
admin-svc-benefits = Mitä jäsenyys antaa tänään
admin-svc-discount = Alennus varaosista ja työstä: { $percent } %
admin-svc-allowance-left = Huoltosaldoa jäljellä: { $left } (voimassa { $until } asti)
admin-svc-allowance-none = Ei huoltosaldoa
admin-svc-cleans-left = Maksuttomia kennonpuhdistuksia jäljellä tänä vuonna tälle tuotteelle: { $count }
admin-svc-loan-included = Lainalaite sisältyy
admin-svc-loan-not-included = Lainalaite ei sisälly
admin-svc-quote-net = Netto alennuksen ja huoltosaldon jälkeen
admin-svc-quote-waiting = Tarjous odottaa asiakkaan päätöstä.
admin-svc-quote-approved = Asiakas on hyväksynyt tarjouksen.
admin-svc-quote-declined = Asiakas on hylännyt tarjouksen.
admin-svc-loan = Lainalaite
admin-svc-loan-pool-hint = Lainaus ja palautus tehdään lainalaitevarastossa.
admin-svc-wish = Asiakkaan toive
admin-svc-item = Lainalaite
admin-svc-due = Palautettava viimeistään
admin-svc-overdue = myöhässä
admin-svc-timeline = Tapahtumat
admin-svc-from = Edellinen tila
admin-svc-actor-member = Asiakas
admin-svc-actor-staff = Huoltohenkilöstö
admin-svc-actor-system = Järjestelmä
admin-svc-steps = Seuraava vaihe
admin-svc-next-step = Muuta tilaa
admin-svc-note = Muistiinpano
admin-svc-step-in_repair = Aloita korjaus
admin-svc-step-ready = Merkitse valmiiksi
admin-svc-step-shipped = Merkitse lähetetyksi
admin-svc-step-closed = Sulje pyyntö

## Vastaanotto
admin-svc-receive-title = Vastaanota tuote
admin-svc-receive = Merkitse vastaanotetuksi
admin-svc-serial-read = Tuotteen sarjanumero
admin-svc-serial-read-hint = Kirjoita sarjanumero niin kuin se lukee tuotteessa. Sen on vastattava pyynnön sarjanumeroa.

## Tarjous
admin-svc-quote-enter = Kirjaa tarjous
admin-svc-quote-replace = Korvaa tarjous (asiakas ei ole vielä päättänyt)
admin-svc-quote-save = Tallenna tarjous
admin-svc-line-kind = Tyyppi, rivi { $row }
admin-svc-line-description = Kuvaus
admin-svc-line-description-n = Kuvaus, rivi { $row }
admin-svc-line-quantity = Määrä
admin-svc-line-quantity-n = Määrä, rivi { $row }
admin-svc-line-unit = Yksikköhinta
admin-svc-line-unit-n = Yksikköhinta, rivi { $row }
admin-svc-line-unit-hint = Listahinta ilman arvonlisäveroa, { $currency }, esimerkiksi 1 500,00. Tyhjät rivit ohitetaan.
admin-svc-line-part = Varaosa
admin-svc-line-labour = Työ
admin-svc-line-sensor_clean = Kennonpuhdistus

## Lainalaitevarasto
admin-svc-loans-title = Lainalaitevarasto
admin-svc-loans-lead = Korjausten ajaksi lainattavat laitteet: pyynnöt, lainassa olevat, myöhässä olevat ja koko varasto.
admin-svc-pending-title = Lainalaitepyynnöt
admin-svc-pending-none = Ei odottavia pyyntöjä.
admin-svc-lend-title = Pyyntö { $number } – toive: { $wish }
admin-svc-lend = Lainaa
admin-svc-due-hint = Ehdotus on viisi arkipäivää luvatun päivän jälkeen.
admin-svc-running-title = Lainassa
admin-svc-lent = Lainattu
admin-svc-return-title = Pyyntö { $number }: { $item } on palautettu
admin-svc-return = Palautettu
admin-svc-overdue-title = Myöhässä olevat lainalaitteet
admin-svc-pool-title = Kaikki lainalaitteet
admin-svc-category = Luokka
admin-svc-add-item-title = Lisää lainalaite
admin-svc-add-item = Lisää
admin-svc-item-status-available = Vapaana
admin-svc-item-status-lent = Lainassa
admin-svc-item-status-retired = Poistettu käytöstä
admin-svc-loan-status-requested = Pyydetty
admin-svc-loan-status-lent = Lainassa
admin-svc-loan-status-returned = Palautettu
admin-svc-loan-status-refused = Ei lainattu
admin-svc-category-camera = Kameran runko
admin-svc-category-cinema = Cinema-kamera
admin-svc-category-lens = Objektiivi
admin-svc-category-cinema-lens = Cinema-objektiivi
admin-svc-category-flash = Salama
admin-svc-category-printer = Tulostin
admin-svc-category-accessory = Lisävaruste

## Virheet (mitään ei muutettu)
admin-svc-error-illegal = Pyynnön tila on ”{ $from }”, eikä se voi siirtyä tilaan ”{ $to }”. Mitään ei muutettu.
admin-svc-error-members-step = Tarjouksen hyväksyminen tai hylkääminen on asiakkaan vaihe. Mitään ei muutettu.
admin-svc-error-receive-with-serial = Vastaanota tuote vastaanottolomakkeella, jossa sarjanumero tarkistetaan. Mitään ei muutettu.
admin-svc-error-quote-form = Pyynnön vianetsintä on tehty, kun sen tarjous kirjataan. Mitään ei muutettu.
admin-svc-error-loan-out = Pyyntöä ei voi sulkea, kun lainalaite on vielä lainassa. Ota se ensin vastaan lainalaitevarastossa. Mitään ei muutettu.
admin-svc-error-serial-missing = Kirjoita sarjanumero niin kuin se lukee tuotteessa.
admin-svc-error-serial-mismatch = Sarjanumero ei vastaa pyynnön tuotetta. Tarkista, että tuote on oikea. Mitään ei muutettu.
admin-svc-error-price = Kirjoita hinta summana, esimerkiksi 1 500,00.
admin-svc-error-empty-quote = Täytä vähintään yksi tarjousrivi.
admin-svc-error-tracking = Anna paketin seurantanumero.
admin-svc-error-tracking-invalid = Seurantanumero voi olla enintään 100 merkkiä.
admin-svc-error-item-name = Anna nimi (enintään 200 merkkiä).
admin-svc-error-item-details = Anna nimi ja sarjanumero (kumpikin enintään 200 merkkiä).
admin-svc-error-item-serial-taken = Tällä sarjanumerolla on jo lainalaite.
admin-svc-error-item-choose = Valitse vapaana oleva lainalaite.
admin-svc-error-item-unavailable = Tämä lainalaite on jo lainassa. Valitse toinen. Mitään ei muutettu.
admin-svc-error-loan-not-pending = Pyyntö ei enää odota lainausta. Mitään ei muutettu.
admin-svc-error-due = Anna päivämäärä (VVVV-KK-PP).
admin-svc-error-due-past = Palautuspäivä ei voi olla menneisyydessä.

## Tarkastusloki
admin-svc-audit-promised-on = Luvattu valmiiksi
admin-svc-audit-tracking = Seurantanumero
admin-svc-audit-lines = Tarjousrivit
admin-svc-audit-list = Listahinta
admin-svc-audit-name = Nimi
admin-svc-audit-category = Luokka
admin-svc-audit-loan = Laina (nro järjestelmässä)
admin-svc-audit-item = Lainalaite (nro järjestelmässä)
admin-svc-audit-due-back = Palautettava viimeistään
admin-svc-error-awaiting-payment = Tuote palautetaan, kun lasku { $invoice } on maksettu (tilisiirto). Mitään ei muutettu.
