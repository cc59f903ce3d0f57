## Tiers
nav-tiers = CPS-nivåer
nav-membership = Medlemskap
tiers-title = Tilgjengelige CPS-nivåer
tiers-points = Dere har { $points } poeng og { $products } fullstendig registrerte produkter.
tiers-below = Nivåene åpnes ved { $threshold } poeng. Dere trenger { $missing } poeng til: registrer flere produkter under «Mine produkter» og fyll ut de ufullstendige.
tiers-switch-legend = Vis nivåer
tiers-switch-label = Bedriftsnivåer
tiers-switch-on = PÅ
tiers-switch-off = AV
tiers-switch-submit = Vis
tiers-switch-hint = Med mer enn 2 500 poeng kan dere velge mellom bedriftsnivåer og Silver/Gold/Platinum.
tiers-kind-individual = Silver, Gold og Platinum
tiers-kind-business = Bedriftsnivåer
tiers-open = Åpen for dere
tiers-missing-points = { $points } poeng til
tiers-missing-products = { $products } fullstendige produkter til
tiers-choose = Velg { $tier }
tiers-per-year = { $price } per år (eks. mva)
tiers-current = Deres nåværende medlemskap: { $tier } til og med { $ends }.
tiers-current-badge = Deres medlemskap
tiers-upgrade-note = Bytter dere til et høyere nivå, trekkes det som gjenstår av nåværende periode, fra prisen.
benefit-repair-days = Reparasjon innen { $days } virkedager
benefit-repair-discount = { $percent } % rabatt på reparasjoner
benefit-maintenance = Vedlikeholdstilskudd tilsvarende årsavgiften
benefit-loan = Låneutstyr under reparasjon
benefit-sensor = { $count } gratis sensorrengjøring per kamerahus og år
benefit-support = Prioritert support (prioritet { $priority })

## Checkout
checkout-title = Velg periode og betalingsmåte
checkout-term-legend = Periode
checkout-term-option = { $years ->
    [one] 1 år
   *[other] { $years } år
} – { $price }
checkout-discount = ({ $percent } % rabatt)
checkout-method-legend = Betalingsmåte
checkout-method-card = Kort
checkout-method-card-hint = Kortet belastes ikke med én gang, men på fakturaens forfallsdato, vanligvis innen 30 dager.
checkout-method-bank = Bankoverføring
checkout-method-bank-hint = Betal senest på fakturaens forfallsdato. Merk at bankoverføring kan medføre lokale tilleggsgebyrer.
checkout-continue = Gå videre til betaling
checkout-review-title = Kontroller bestillingen
checkout-tier = Nivå
checkout-term = Løpetid
checkout-period = { $start } – { $end }
checkout-method = Betalingsmåte
checkout-list-price = Pris
checkout-credit = Fradrag for gjenstående periode
checkout-net = Å betale eks. mva
checkout-vat = Mva { $rate } %
checkout-vat-reverse = Mva: omvendt avgiftsplikt
checkout-vat-outside = Mva: ingen (utenfor EU)
checkout-total = Totalt
checkout-rules = Fakturaen kommer innen noen timer. Betaler dere med kort, belastes avgiften på forfallsdatoen, vanligvis innen 30 dager; med bankoverføring betaler dere senest på forfallsdatoen. Medlemskapet gjelder med én gang.
checkout-bank-fees = Bankoverføring kan medføre lokale tilleggsgebyrer.
checkout-confirm = Bekreft bestillingen
checkout-change = Endre
checkout-refused-not-qualified = Bedriften deres oppfyller ikke kravene for dette nivået ennå.
checkout-refused-already = Dere har allerede dette nivået.
checkout-refused-downgrade = Dere kan ikke bytte til et lavere nivå i løpet av perioden; velg det når medlemskapet fornyes.
checkout-refused-unknown = Nivået finnes ikke.
checkout-done-title = Velkommen som { $tier }-medlem
checkout-done-lead = Medlemskapet deres gjelder fra og med i dag. Fakturaen kommer innen noen timer.
checkout-number = Medlemsnummer
membership-number-changed = Merk at CPS-medlemsnummeret deres er endret: tidligere { $old }, nå { $new }.

## Membership
membership-title = Medlemskap
membership-none = Dere har ikke noe aktivt medlemskap.
membership-see-tiers = Se tilgjengelige CPS-nivåer
membership-tier = Nivå
membership-number = Medlemsnummer
membership-status = Status
membership-period = Periode
membership-benefits = Fordeler
membership-status-active = Aktivt
membership-status-payment-due = Aktivt – faktura å betale
membership-status-overdue = Aktivt – fakturaen er forfalt
membership-status-expired = Utløpt
membership-status-upgraded = Erstattet av et høyere nivå
membership-status-upcoming = Neste periode: begynner når den nåværende slutter
membership-status-suspended = Suspendert
membership-renewal = Medlemskapet løper til og med { $ends }. Forny det ved å velge nivå på nytt når perioden nærmer seg slutten.
membership-points-rule = Synker poengene deres under nivåets grense i løpet av perioden, beholder dere medlemskapet til periodens slutt.
membership-history = Tidligere medlemskap

## Mail
mail-membership-subject = CPS-medlemskapet deres er aktivt
mail-membership-body = Velkommen som { $tier }-medlem i CPS! Medlemsnummeret deres er { $number }, og medlemskapet gjelder til og med { $ends }. Fakturaen kommer innen noen timer.
mail-membership-action = Se medlemskapet deres
mail-membership-ignore = Spørsmål om medlemskapet? Kontakt CPS Priority Support.
checkout-sandbox-card = Testkort
checkout-sandbox-card-hint = Portalen kjører med sin innebygde testbetaling (sandkasse): velg hvordan testkortet skal svare. Ingen ekte kort belastes.
checkout-refused-card = Velg et kort å betale med.
checkout-card-details = Kortopplysninger
checkout-card-details-hint = Kortet lagres hos betalingsleverandøren vår, Stripe, og belastes først på fakturaens forfallsdato. Kortnummeret når aldri CPS.
checkout-card-needs-js = Kortbetaling krever JavaScript. Velg bankoverføring, eller slå på JavaScript.
checkout-card-setup-failed = Kortet kunne ikke klargjøres akkurat nå. Prøv igjen om litt.
tiers-renew = Forny { $tier } – neste periode begynner { $starts }
