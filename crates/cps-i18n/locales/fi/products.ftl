## My products
products-title = Omat tuotteet
products-register = Rekisteröi tuote
products-empty = Teillä ei ole vielä rekisteröityjä tuotteita. Rekisteröikää kameranne, objektiivinne ja muut laitteenne kerätäksenne pisteitä.
products-total = Yhteensä
products-points = { $points } pistettä
products-to-tier = Tasoon { $tier } puuttuu { $points } pistettä
products-history-link = Pistehistoria – mistä pisteemme tulevat?
products-col-model = Malli
products-col-serial = Sarjanumero
products-col-date = Ostopäivä
products-col-country = Ostomaa
products-col-retailer = Jälleenmyyjä
products-col-points = Pisteet
products-col-status = Tila
products-status-complete = Rekisteröity
products-status-incomplete = Puutteellinen
products-missing = Puuttuu: { $details }
products-view = Näytä tuote
products-view-named = Näytä tuote { $model }
products-from-migration = Siirretty
products-none = –
product-serial = sarjanumero
product-purchase-date = ostopäivä
product-purchase-country = ostomaa
product-retailer = jälleenmyyjä

## Migration
migrate-button = SIIRRÄ TUOTTEET
migrate-lead = { $count ->
    [one] Teillä oli tili vanhassa CPS-järjestelmässä ({ $email }, jäsennumero { $number }), jossa oli { $count } tuote. Siirtäkää se tänne, niin pisteet myönnetään, jos tuote on rekisteröity täydellisesti.
   *[other] Teillä oli tili vanhassa CPS-järjestelmässä ({ $email }, jäsennumero { $number }), jossa oli { $count } tuotetta. Siirtäkää ne tänne, niin täydellisesti rekisteröidyistä tuotteista myönnetään pisteet.
}
migrate-no-old-email = Ettekö näe sinistä painiketta ”SIIRRÄ TUOTTEET”? Silloin vanhaa sähköpostiosoitetta ei annettu yritystiliä rekisteröitäessä. Rekisteröikää tuotteet uudelleen, antakaa vanha osoite kohdassa Tilin asetukset tai ottakaa yhteyttä CPS Priority Supportiin.
migrate-not-proven = Olette antaneet vanhaksi CPS-osoitteeksi { $email }. Vahvistakaa, että osoite on teidän, niin tuotteiden siirtopainike tulee näkyviin.
migrate-send-link = Lähetä vahvistuslinkki
migrate-link-sent = Olemme lähettäneet vahvistuslinkin vanhaan osoitteeseen. Linkki on voimassa 48 tuntia.
migrate-no-legacy = Vanhassa CPS-järjestelmässä ei ole tiliä osoitteella { $email }. Rekisteröikää tuotteet uudelleen tai ottakaa yhteyttä CPS Priority Supportiin.
migrate-taken = Vanhan tilin { $email } tuotteet on jo siirretty toiselle yritystilille. Ottakaa yhteyttä CPS Priority Supportiin, jos tämä on virhe.
migrate-done = Tuotteet on siirretty. Täydellisesti rekisteröityjen tuotteiden pisteet on myönnetty; täydentäkää puutteelliset kohdasta ”Näytä tuote”.
migrate-nothing = Siirrettävää ei ollut: tuotteet on jo siirretty.
migrate-report-title = Vanhan järjestelmän tuotteet, joita ei voitu siirtää
migrate-outcome-serial-elsewhere = Sarjanumero on toisen yrityksen rekisteröimä. Ottakaa yhteyttä CPS Priority Supportiin, jos tuote on teidän.
migrate-outcome-already-registered = Olitte jo itse rekisteröineet sarjanumeron.
migrate-outcome-unknown-model = Mallia ei ole tuoteluettelossa. Rekisteröikää tuote itse tai ottakaa yhteyttä CPS Priority Supportiin.
migrate-confirm-title = Vahvista vanha sähköpostiosoite
migrate-confirm-lead = Vahvistakaa, että vanha CPS-osoite kuuluu yrityksellenne, niin vanhan järjestelmän tuotteet voidaan siirtää.
migrate-confirm-submit = Vahvista osoite
migrate-confirmed = Osoite on vahvistettu. Nyt voitte siirtää tuotteet kohdassa ”Omat tuotteet”.
migrate-confirm-failed = Linkki ei enää toimi, tai vanha osoite on muuttunut linkin lähettämisen jälkeen. Pyytäkää uusi linkki kohdassa ”Omat tuotteet”.

## Register / view a product
register-title = Rekisteröi tuote
register-search-label = Hae mallia
register-search-hint = Kirjoittakaa nimi tai mallikoodi, esimerkiksi ”5D Mark III” tai ”RF 24-70”.
register-search-submit = Hae
register-results = Tulokset
register-no-results = Mikään malli ei vastaa hakua ”{ $query }”. Kokeilkaa lyhyempää hakusanaa.
register-choose = Valitse
register-gives = Tuo { $points } pistettä, kun rekisteröinti on täydellinen.
register-change-model = Valitse toinen malli
register-details-lead = Täyttäkää tiedot niin tarkasti kuin voitte. Kaikki neljä tietoa tarvitaan pisteiden myöntämiseen, mutta voitte täydentää niitä myöhemmin.
register-serial-hint = Löytyy tuotteesta, esimerkiksi { $example }.
register-date-hint = VVVV-KK-PP, tai VVVV-KK, jos muistatte vain kuukauden.
register-country-choose = Valitse maa
register-retailer-hint = Liike, josta tuote ostettiin.
register-submit = Rekisteröi tuote
register-done-complete = Tuote on rekisteröity ja pisteet on myönnetty.
register-done-incomplete = Tuote on rekisteröity, mutta rekisteröinti on puutteellinen. Täydentäkää tiedot saadaksenne pisteet.
product-title = { $model }
product-save = Tallenna tiedot
product-saved = Tiedot on tallennettu.
product-remove = Poista tuote
product-remove-title = Poistetaanko { $model }?
product-remove-lead = Tuote poistetaan Omista tuotteista ja sen pisteet vähennetään. Sarjanumeron voi rekisteröidä myöhemmin uudelleen.
product-remove-confirm = Kyllä, poista tuote
product-remove-cancel = Ei, säilytä se
product-removed = Tuote on poistettu ja sen pisteet vähennetty.
product-points-held = Tuotteen pisteet: { $points }
error-serial-format = Sarjanumero ei näytä tämän mallin sarjanumerolta. Tarkistakaa se tuotteesta.
error-serial-taken-elsewhere = Sarjanumero on jo toisen yrityksen rekisteröimä. Onko tuote teidän? Ottakaa yhteyttä CPS Priority Supportiin, niin selvitämme asian.
error-serial-taken-here = Olette jo rekisteröineet tuotteen tällä sarjanumerolla.
error-purchase-date-invalid = Kirjoittakaa ostopäivä muodossa VVVV-KK-PP tai VVVV-KK.
error-purchase-date-future = Ostopäivä ei voi olla tulevaisuudessa.
error-purchase-date-before-release = Ostopäivä on ennen mallin julkaisua.
error-model-required = Valitkaa malli tuoteluettelosta.

## Points history
history-title = Pistehistoria
history-lead = Jokainen tapahtuma, joka on muuttanut pisteitänne. Summa on pistesaldonne.
history-balance = Saldo
history-empty = Ei vielä pistetapahtumia.
history-col-date = Päivämäärä
history-col-event = Tapahtuma
history-col-product = Tuote
history-col-points = Pisteet
ledger-allocation = Täydellinen rekisteröinti
ledger-reversal = Pisteet peruttu (tuote poistettu tai rekisteröinti puutteellinen)
ledger-adjustment = CPS:n oikaisu
ledger-decline = Vähennys tuotteen iän perusteella

## Invitation banner and mail
invitation-banner = Onnittelut! Teillä on vähintään { $threshold } pistettä, ja teidät on kutsuttu liittymään CPS:ään.
invitation-banner-link = Katso saatavilla olevat CPS-tasot
