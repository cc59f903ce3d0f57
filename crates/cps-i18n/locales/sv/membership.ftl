## Tiers
nav-tiers = CPS-nivåer
nav-membership = Medlemskap
tiers-title = Tillgängliga CPS-nivåer
tiers-points = Ni har { $points } poäng och { $products } fullständigt registrerade produkter.
tiers-below = Nivåerna öppnas vid { $threshold } poäng. Ni behöver { $missing } poäng till: registrera fler produkter under ”Mina produkter” och komplettera de ofullständiga.
tiers-switch-legend = Visa nivåer
tiers-switch-label = Företagsnivåer
tiers-switch-on = PÅ
tiers-switch-off = AV
tiers-switch-submit = Visa
tiers-switch-hint = Med mer än 2 500 poäng kan ni välja mellan företagsnivåer och Silver/Gold/Platinum.
tiers-kind-individual = Silver, Gold och Platinum
tiers-kind-business = Företagsnivåer
tiers-open = Öppen för er
tiers-missing-points = { $points } poäng till
tiers-missing-products = { $products } fullständiga produkter till
tiers-choose = Välj { $tier }
tiers-per-year = { $price } per år (exkl. moms)
tiers-current = Ert nuvarande medlemskap: { $tier } till och med { $ends }.
tiers-current-badge = Ert medlemskap
tiers-upgrade-note = Byter ni till en högre nivå räknas det som återstår av nuvarande period av från priset.
benefit-repair-days = Reparation inom { $days } arbetsdagar
benefit-repair-discount = { $percent } % rabatt på reparationer
benefit-maintenance = Underhållsbidrag motsvarande årsavgiften
benefit-loan = Lånutrustning under reparation
benefit-sensor = { $count } kostnadsfri sensorrengöring per kamerahus och år
benefit-support = Prioriterad support (prioritet { $priority })

## Checkout
checkout-title = Välj period och betalningssätt
checkout-term-legend = Period
checkout-term-option = { $years ->
    [one] 1 år
   *[other] { $years } år
} – { $price }
checkout-discount = ({ $percent } % rabatt)
checkout-method-legend = Betalningssätt
checkout-method-card = Kort
checkout-method-card-hint = Kortet debiteras inte direkt utan på fakturans förfallodatum, vanligtvis inom 30 dagar.
checkout-method-bank = Banköverföring
checkout-method-bank-hint = Betala senast på fakturans förfallodatum. Observera att banköverföring kan medföra lokala tilläggsavgifter.
checkout-continue = Gå vidare till betalning
checkout-review-title = Kontrollera beställningen
checkout-tier = Nivå
checkout-term = Löptid
checkout-period = { $start } – { $end }
checkout-method = Betalningssätt
checkout-list-price = Pris
checkout-credit = Avdrag för återstående period
checkout-net = Att betala exkl. moms
checkout-vat = Moms { $rate } %
checkout-vat-reverse = Moms: omvänd betalningsskyldighet
checkout-vat-outside = Moms: ingen (utanför EU)
checkout-total = Totalt
checkout-rules = Fakturan kommer inom några timmar. Betalar ni med kort debiteras avgiften på förfallodatumet, vanligtvis inom 30 dagar; med banköverföring betalar ni senast på förfallodatumet. Medlemskapet gäller direkt.
checkout-bank-fees = Banköverföring kan medföra lokala tilläggsavgifter.
checkout-confirm = Bekräfta beställningen
checkout-change = Ändra
checkout-refused-not-qualified = Ert företag uppfyller inte kraven för den nivån ännu.
checkout-refused-already = Ni har redan den nivån.
checkout-refused-downgrade = Ni kan inte byta till en lägre nivå under pågående period; välj den när medlemskapet förnyas.
checkout-refused-unknown = Nivån finns inte.
checkout-done-title = Välkommen som { $tier }-medlem
checkout-done-lead = Ert medlemskap gäller från och med i dag. Fakturan kommer inom några timmar.
checkout-number = Medlemsnummer
membership-number-changed = Observera att ert CPS-medlemsnummer har ändrats: tidigare { $old }, nu { $new }.

## Membership
membership-title = Medlemskap
membership-none = Ni har inget aktivt medlemskap.
membership-see-tiers = Se tillgängliga CPS-nivåer
membership-tier = Nivå
membership-number = Medlemsnummer
membership-status = Status
membership-period = Period
membership-benefits = Förmåner
membership-status-active = Aktivt
membership-status-payment-due = Aktivt – faktura att betala
membership-status-overdue = Aktivt – fakturan är förfallen
membership-status-expired = Utgånget
membership-status-upgraded = Ersatt av högre nivå
membership-status-upcoming = Nästa period: börjar när den nuvarande slutar
membership-status-suspended = Avstängt
membership-renewal = Medlemskapet löper till och med { $ends }. Förnya det genom att välja nivå igen när perioden närmar sig sitt slut.
membership-points-rule = Sjunker era poäng under nivåns gräns under perioden behåller ni medlemskapet till periodens slut.
membership-history = Tidigare medlemskap

## Mail
mail-membership-subject = Ert CPS-medlemskap är aktivt
mail-membership-body = Välkommen som { $tier }-medlem i CPS! Ert medlemsnummer är { $number } och medlemskapet gäller till och med { $ends }. Fakturan kommer inom några timmar.
mail-membership-action = Se ert medlemskap
mail-membership-ignore = Frågor om medlemskapet? Kontakta CPS Priority Support.
checkout-sandbox-card = Testkort
checkout-sandbox-card-hint = Portalen kör med sin inbyggda testbetalning (sandlåda): välj hur testkortet ska svara. Inga riktiga kort debiteras.
checkout-refused-card = Välj ett kort att betala med.
checkout-card-details = Kortuppgifter
checkout-card-details-hint = Kortet sparas hos vår betalleverantör Stripe och debiteras först på fakturans förfallodatum. Kortnumret når aldrig CPS.
checkout-card-needs-js = Kortbetalning kräver JavaScript. Välj banköverföring, eller slå på JavaScript.
checkout-card-setup-failed = Kortet kunde inte förberedas just nu. Försök igen om en stund.
tiers-renew = Förnya { $tier } – nästa period börjar { $starts }
