## Tiers
nav-tiers = CPS-niveauer
nav-membership = Medlemskab
tiers-title = Tilgængelige CPS-niveauer
tiers-points = I har { $points } point og { $products } fuldstændigt registrerede produkter.
tiers-below = Niveauerne åbner ved { $threshold } point. I mangler { $missing } point: registrér flere produkter under »Mine produkter«, og udfyld de ufuldstændige.
tiers-switch-legend = Vis niveauer
tiers-switch-label = Virksomhedsniveauer
tiers-switch-on = TIL
tiers-switch-off = FRA
tiers-switch-submit = Vis
tiers-switch-hint = Med mere end 2.500 point kan I vælge mellem virksomhedsniveauer og Silver/Gold/Platinum.
tiers-kind-individual = Silver, Gold og Platinum
tiers-kind-business = Virksomhedsniveauer
tiers-open = Åbent for jer
tiers-missing-points = { $points } point mere
tiers-missing-products = { $products } fuldstændige produkter mere
tiers-choose = Vælg { $tier }
tiers-per-year = { $price } pr. år (ekskl. moms)
tiers-current = Jeres nuværende medlemskab: { $tier } til og med { $ends }.
tiers-current-badge = Jeres medlemskab
tiers-upgrade-note = Skifter I til et højere niveau, trækkes det, der er tilbage af den nuværende periode, fra prisen.
benefit-repair-days = Reparation inden for { $days } arbejdsdage
benefit-repair-discount = { $percent } % rabat på reparationer
benefit-maintenance = Vedligeholdelsestilskud svarende til årskontingentet
benefit-loan = Låneudstyr under reparation
benefit-sensor = { $count } gratis sensorrensning pr. kamerahus og år
benefit-support = Prioriteret support (prioritet { $priority })

## Checkout
checkout-title = Vælg periode og betalingsmetode
checkout-term-legend = Periode
checkout-term-option = { $years ->
    [one] 1 år
   *[other] { $years } år
} – { $price }
checkout-discount = ({ $percent } % rabat)
checkout-method-legend = Betalingsmetode
checkout-method-card = Kort
checkout-method-card-hint = Beløbet trækkes ikke på kortet med det samme, men på fakturaens forfaldsdato, normalt inden for 30 dage.
checkout-method-bank = Bankoverførsel
checkout-method-bank-hint = Betal senest på fakturaens forfaldsdato. Bemærk, at bankoverførsel kan medføre lokale gebyrer.
checkout-continue = Gå videre til betaling
checkout-review-title = Kontrollér bestillingen
checkout-tier = Niveau
checkout-term = Løbetid
checkout-period = { $start } – { $end }
checkout-method = Betalingsmetode
checkout-list-price = Pris
checkout-credit = Fradrag for resterende periode
checkout-net = At betale ekskl. moms
checkout-vat = Moms { $rate } %
checkout-vat-reverse = Moms: omvendt betalingspligt
checkout-vat-outside = Moms: ingen (uden for EU)
checkout-total = I alt
checkout-rules = Fakturaen kommer inden for få timer. Betaler I med kort, trækkes beløbet på forfaldsdatoen, normalt inden for 30 dage; med bankoverførsel betaler I senest på forfaldsdatoen. Medlemskabet gælder med det samme.
checkout-bank-fees = Bankoverførsel kan medføre lokale gebyrer.
checkout-confirm = Bekræft bestillingen
checkout-change = Ændr
checkout-refused-not-qualified = Jeres virksomhed opfylder endnu ikke kravene til det niveau.
checkout-refused-already = I har allerede det niveau.
checkout-refused-downgrade = I kan ikke skifte til et lavere niveau i løbet af perioden; vælg det, når medlemskabet fornyes.
checkout-refused-unknown = Niveauet findes ikke.
checkout-done-title = Velkommen som { $tier }-medlem
checkout-done-lead = Jeres medlemskab gælder fra og med i dag. Fakturaen kommer inden for få timer.
checkout-number = Medlemsnummer
membership-number-changed = Bemærk, at jeres CPS-medlemsnummer er ændret: tidligere { $old }, nu { $new }.

## Membership
membership-title = Medlemskab
membership-none = I har intet aktivt medlemskab.
membership-see-tiers = Se tilgængelige CPS-niveauer
membership-tier = Niveau
membership-number = Medlemsnummer
membership-status = Status
membership-period = Periode
membership-benefits = Fordele
membership-status-active = Aktivt
membership-status-payment-due = Aktivt – faktura skal betales
membership-status-overdue = Aktivt – fakturaen er forfalden
membership-status-expired = Udløbet
membership-status-upgraded = Erstattet af et højere niveau
membership-status-upcoming = Næste periode: begynder, når den nuværende slutter
membership-status-suspended = Suspenderet
membership-renewal = Medlemskabet løber til og med { $ends }. Forny det ved at vælge niveau igen, når perioden nærmer sig sin afslutning.
membership-points-rule = Falder jeres point under niveauets grænse i løbet af perioden, beholder I medlemskabet til periodens afslutning.
membership-history = Tidligere medlemskaber

## Mail
mail-membership-subject = Jeres CPS-medlemskab er aktivt
mail-membership-body = Velkommen som { $tier }-medlem af CPS! Jeres medlemsnummer er { $number }, og medlemskabet gælder til og med { $ends }. Fakturaen kommer inden for få timer.
mail-membership-action = Se jeres medlemskab
mail-membership-ignore = Spørgsmål om medlemskabet? Kontakt CPS Priority Support.
checkout-sandbox-card = Testkort
checkout-sandbox-card-hint = Portalen kører med sin indbyggede testbetaling (sandkasse): vælg, hvordan testkortet skal svare. Der trækkes ikke på rigtige kort.
checkout-refused-card = Vælg et kort at betale med.
checkout-card-details = Kortoplysninger
checkout-card-details-hint = Kortet gemmes hos vores betalingsudbyder, Stripe, og beløbet trækkes først på fakturaens forfaldsdato. Kortnummeret når aldrig CPS.
checkout-card-needs-js = Kortbetaling kræver JavaScript. Vælg bankoverførsel, eller slå JavaScript til.
checkout-card-setup-failed = Kortet kunne ikke klargøres lige nu. Prøv igen om lidt.
tiers-renew = Forny { $tier } – næste periode begynder { $starts }
