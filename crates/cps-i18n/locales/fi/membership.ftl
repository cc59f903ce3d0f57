## Tiers
nav-tiers = CPS-tasot
nav-membership = Jäsenyys
tiers-title = Saatavilla olevat CPS-tasot
tiers-points = { $products ->
    [one] Teillä on { $points } pistettä ja { $products } täydellisesti rekisteröity tuote.
   *[other] Teillä on { $points } pistettä ja { $products } täydellisesti rekisteröityä tuotetta.
}
tiers-below = Tasot avautuvat { $threshold } pisteen kohdalla. Tarvitsette vielä { $missing } pistettä: rekisteröikää lisää tuotteita kohdassa ”Omat tuotteet” ja täydentäkää puutteelliset.
tiers-switch-legend = Näytä tasot
tiers-switch-label = Yritystasot
tiers-switch-on = PÄÄLLÄ
tiers-switch-off = POIS
tiers-switch-submit = Näytä
tiers-switch-hint = Kun teillä on yli 2 500 pistettä, voitte valita yritystasojen ja Silver/Gold/Platinum-tasojen välillä.
tiers-kind-individual = Silver, Gold ja Platinum
tiers-kind-business = Yritystasot
tiers-open = Avoinna teille
tiers-missing-points = { $points } pistettä puuttuu
tiers-missing-products = { $products ->
    [one] { $products } täydellinen tuote puuttuu
   *[other] { $products } täydellistä tuotetta puuttuu
}
tiers-choose = Valitse { $tier }
tiers-per-year = { $price } vuodessa (ilman ALV:tä)
tiers-current = Nykyinen jäsenyytenne: { $tier }, voimassa { $ends } asti.
tiers-current-badge = Jäsenyytenne
tiers-upgrade-note = Jos vaihdatte korkeampaan tasoon, nykyisen kauden jäljellä oleva osuus vähennetään hinnasta.
benefit-repair-days = Korjaus { $days } arkipäivän kuluessa
benefit-repair-discount = { $percent } %:n alennus korjauksista
benefit-maintenance = Huoltoavustus vuosimaksun suuruisena
benefit-loan = Lainalaite korjauksen ajaksi
benefit-sensor = { $count ->
    [one] { $count } maksuton kennonpuhdistus kamerarunkoa kohden vuodessa
   *[other] { $count } maksutonta kennonpuhdistusta kamerarunkoa kohden vuodessa
}
benefit-support = Ensisijainen tuki (prioriteetti { $priority })

## Checkout
checkout-title = Valitse kausi ja maksutapa
checkout-term-legend = Kausi
checkout-term-option = { $years ->
    [one] 1 vuosi
   *[other] { $years } vuotta
} – { $price }
checkout-discount = ({ $percent } %:n alennus)
checkout-method-legend = Maksutapa
checkout-method-card = Kortti
checkout-method-card-hint = Korttia ei veloiteta heti vaan laskun eräpäivänä, yleensä 30 päivän kuluessa.
checkout-method-bank = Tilisiirto
checkout-method-bank-hint = Maksakaa viimeistään laskun eräpäivänä. Huomatkaa, että tilisiirrosta voi aiheutua paikallisia lisämaksuja.
checkout-continue = Siirry maksamaan
checkout-review-title = Tarkista tilaus
checkout-tier = Taso
checkout-term = Kausi
checkout-period = { $start } – { $end }
checkout-method = Maksutapa
checkout-list-price = Hinta
checkout-credit = Vähennys jäljellä olevasta kaudesta
checkout-net = Maksettavaa ilman ALV:tä
checkout-vat = ALV { $rate } %
checkout-vat-reverse = ALV: käännetty verovelvollisuus
checkout-vat-outside = ALV: ei (EU:n ulkopuolella)
checkout-total = Yhteensä
checkout-rules = Lasku saapuu muutaman tunnin kuluessa. Jos maksatte kortilla, maksu veloitetaan eräpäivänä, yleensä 30 päivän kuluessa; tilisiirrolla maksatte viimeistään eräpäivänä. Jäsenyys on voimassa heti.
checkout-bank-fees = Tilisiirrosta voi aiheutua paikallisia lisämaksuja.
checkout-confirm = Vahvista tilaus
checkout-change = Muuta
checkout-refused-not-qualified = Yrityksenne ei vielä täytä tämän tason vaatimuksia.
checkout-refused-already = Teillä on jo tämä taso.
checkout-refused-downgrade = Alempaan tasoon ei voi vaihtaa kesken kauden; valitkaa se, kun jäsenyys uusitaan.
checkout-refused-unknown = Tasoa ei ole olemassa.
checkout-done-title = Tervetuloa { $tier }-jäseneksi
checkout-done-lead = Jäsenyytenne on voimassa tästä päivästä alkaen. Lasku saapuu muutaman tunnin kuluessa.
checkout-number = Jäsennumero
membership-number-changed = Huomatkaa, että CPS-jäsennumeronne on muuttunut: aiemmin { $old }, nyt { $new }.

## Membership
membership-title = Jäsenyys
membership-none = Teillä ei ole voimassa olevaa jäsenyyttä.
membership-see-tiers = Katso saatavilla olevat CPS-tasot
membership-tier = Taso
membership-number = Jäsennumero
membership-status = Tila
membership-period = Kausi
membership-benefits = Edut
membership-status-active = Voimassa
membership-status-payment-due = Voimassa – lasku maksettavana
membership-status-overdue = Voimassa – lasku on erääntynyt
membership-status-expired = Päättynyt
membership-status-upgraded = Korvattu korkeammalla tasolla
membership-status-upcoming = Seuraava kausi: alkaa, kun nykyinen päättyy
membership-status-suspended = Keskeytetty
membership-renewal = Jäsenyys on voimassa { $ends } asti. Uusikaa se valitsemalla taso uudelleen, kun kausi lähestyy loppuaan.
membership-points-rule = Jos pisteenne laskevat kauden aikana tason rajan alle, jäsenyytenne säilyy kauden loppuun asti.
membership-history = Aiemmat jäsenyydet

## Mail
mail-membership-subject = CPS-jäsenyytenne on voimassa
mail-membership-body = Tervetuloa CPS:n { $tier }-jäseneksi! Jäsennumeronne on { $number }, ja jäsenyys on voimassa { $ends } asti. Lasku saapuu muutaman tunnin kuluessa.
mail-membership-action = Katso jäsenyytenne
mail-membership-ignore = Kysyttävää jäsenyydestä? Ottakaa yhteyttä CPS Priority Supportiin.
checkout-sandbox-card = Testikortti
checkout-sandbox-card-hint = Portaali käyttää sisäänrakennettua testimaksua (hiekkalaatikko): valitkaa, miten testikortti vastaa. Oikeita kortteja ei veloiteta.
checkout-refused-card = Valitkaa kortti, jolla maksatte.
checkout-card-details = Kortin tiedot
checkout-card-details-hint = Kortti tallennetaan maksupalveluntarjoajallemme Stripelle ja veloitetaan vasta laskun eräpäivänä. Korttinumero ei koskaan päädy CPS:lle.
checkout-card-needs-js = Korttimaksu vaatii JavaScriptin. Valitkaa tilisiirto tai ottakaa JavaScript käyttöön.
checkout-card-setup-failed = Korttia ei voitu valmistella juuri nyt. Yrittäkää hetken kuluttua uudelleen.
tiers-renew = Uusi { $tier } – seuraava kausi alkaa { $starts }
