## Tiers
nav-tiers = CPS-Stufen
nav-membership = Mitgliedschaft
tiers-title = Verfügbare CPS-Stufen
tiers-points = { $products ->
    [one] Sie haben { $points } Punkte und { $products } vollständig registriertes Produkt.
   *[other] Sie haben { $points } Punkte und { $products } vollständig registrierte Produkte.
}
tiers-below = Die Stufen öffnen sich ab { $threshold } Punkten. Ihnen fehlen noch { $missing } Punkte: Registrieren Sie weitere Produkte unter „Meine Produkte“ und ergänzen Sie die unvollständigen.
tiers-switch-legend = Stufen anzeigen
tiers-switch-label = Unternehmensstufen
tiers-switch-on = EIN
tiers-switch-off = AUS
tiers-switch-submit = Anzeigen
tiers-switch-hint = Mit mehr als 2 500 Punkten können Sie zwischen Unternehmensstufen und Silver/Gold/Platinum wählen.
tiers-kind-individual = Silver, Gold und Platinum
tiers-kind-business = Unternehmensstufen
tiers-open = Für Sie verfügbar
tiers-missing-points = Noch { $points } Punkte
tiers-missing-products = { $products ->
    [one] Noch { $products } vollständiges Produkt
   *[other] Noch { $products } vollständige Produkte
}
tiers-choose = { $tier } wählen
tiers-per-year = { $price } pro Jahr (exkl. MwSt.)
tiers-current = Ihre aktuelle Mitgliedschaft: { $tier } bis einschließlich { $ends }.
tiers-current-badge = Ihre Mitgliedschaft
tiers-upgrade-note = Wechseln Sie zu einer höheren Stufe, wird der verbleibende Teil des aktuellen Zeitraums vom Preis abgezogen.
benefit-repair-days = { $days ->
    [one] Reparatur innerhalb von { $days } Werktag
   *[other] Reparatur innerhalb von { $days } Werktagen
}
benefit-repair-discount = { $percent } % Rabatt auf Reparaturen
benefit-maintenance = Wartungszuschuss in Höhe des Jahresbeitrags
benefit-loan = Leihgeräte während der Reparatur
benefit-sensor = { $count ->
    [one] { $count } kostenlose Sensorreinigung pro Kameragehäuse und Jahr
   *[other] { $count } kostenlose Sensorreinigungen pro Kameragehäuse und Jahr
}
benefit-support = Bevorzugter Support (Priorität { $priority })

## Checkout
checkout-title = Laufzeit und Zahlungsart wählen
checkout-term-legend = Laufzeit
checkout-term-option = { $years ->
    [one] 1 Jahr
   *[other] { $years } Jahre
} – { $price }
checkout-discount = ({ $percent } % Rabatt)
checkout-method-legend = Zahlungsart
checkout-method-card = Karte
checkout-method-card-hint = Die Karte wird nicht sofort belastet, sondern am Fälligkeitsdatum der Rechnung, in der Regel innerhalb von 30 Tagen.
checkout-method-bank = Banküberweisung
checkout-method-bank-hint = Zahlen Sie spätestens am Fälligkeitsdatum der Rechnung. Bitte beachten Sie, dass bei einer Banküberweisung lokale Zusatzgebühren anfallen können.
checkout-continue = Weiter zur Zahlung
checkout-review-title = Bestellung prüfen
checkout-tier = Stufe
checkout-term = Laufzeit
checkout-period = { $start } – { $end }
checkout-method = Zahlungsart
checkout-list-price = Preis
checkout-credit = Abzug für den verbleibenden Zeitraum
checkout-net = Zu zahlen exkl. MwSt.
checkout-vat = MwSt. { $rate } %
checkout-vat-reverse = MwSt.: Steuerschuldnerschaft des Leistungsempfängers
checkout-vat-outside = MwSt.: keine (außerhalb der EU)
checkout-total = Gesamt
checkout-rules = Die Rechnung kommt innerhalb weniger Stunden. Zahlen Sie per Karte, wird der Betrag am Fälligkeitsdatum belastet, in der Regel innerhalb von 30 Tagen; per Banküberweisung zahlen Sie spätestens am Fälligkeitsdatum. Die Mitgliedschaft gilt sofort.
checkout-bank-fees = Bei einer Banküberweisung können lokale Zusatzgebühren anfallen.
checkout-confirm = Bestellung bestätigen
checkout-change = Ändern
checkout-refused-not-qualified = Ihr Unternehmen erfüllt die Voraussetzungen für diese Stufe noch nicht.
checkout-refused-already = Sie haben diese Stufe bereits.
checkout-refused-downgrade = Während eines laufenden Zeitraums können Sie nicht zu einer niedrigeren Stufe wechseln; wählen Sie diese bei der Verlängerung der Mitgliedschaft.
checkout-refused-unknown = Diese Stufe gibt es nicht.
checkout-done-title = Willkommen als { $tier }-Mitglied
checkout-done-lead = Ihre Mitgliedschaft gilt ab heute. Die Rechnung kommt innerhalb weniger Stunden.
checkout-number = Mitgliedsnummer
membership-number-changed = Bitte beachten Sie, dass sich Ihre CPS-Mitgliedsnummer geändert hat: bisher { $old }, jetzt { $new }.

## Membership
membership-title = Mitgliedschaft
membership-none = Sie haben keine aktive Mitgliedschaft.
membership-see-tiers = Verfügbare CPS-Stufen ansehen
membership-tier = Stufe
membership-number = Mitgliedsnummer
membership-status = Status
membership-period = Zeitraum
membership-benefits = Leistungen
membership-status-active = Aktiv
membership-status-payment-due = Aktiv – Rechnung zu bezahlen
membership-status-overdue = Aktiv – Rechnung ist überfällig
membership-status-expired = Abgelaufen
membership-status-upgraded = Durch höhere Stufe ersetzt
membership-status-upcoming = Nächster Zeitraum: beginnt, wenn der aktuelle endet
membership-status-suspended = Ausgesetzt
membership-renewal = Die Mitgliedschaft läuft bis einschließlich { $ends }. Verlängern Sie sie, indem Sie gegen Ende des Zeitraums erneut eine Stufe wählen.
membership-points-rule = Fallen Ihre Punkte während des Zeitraums unter die Grenze der Stufe, behalten Sie die Mitgliedschaft bis zum Ende des Zeitraums.
membership-history = Frühere Mitgliedschaften

## Mail
mail-membership-subject = Ihre CPS-Mitgliedschaft ist aktiv
mail-membership-body = Willkommen als { $tier }-Mitglied bei CPS! Ihre Mitgliedsnummer ist { $number }, und die Mitgliedschaft gilt bis einschließlich { $ends }. Die Rechnung kommt innerhalb weniger Stunden.
mail-membership-action = Ihre Mitgliedschaft ansehen
mail-membership-ignore = Fragen zur Mitgliedschaft? Wenden Sie sich an den CPS Priority Support.
checkout-sandbox-card = Testkarte
checkout-sandbox-card-hint = Das Portal verwendet seine eingebaute Testzahlung (Sandbox): Wählen Sie, wie die Testkarte antworten soll. Es werden keine echten Karten belastet.
checkout-refused-card = Wählen Sie eine Karte für die Zahlung.
checkout-card-details = Kartendaten
checkout-card-details-hint = Die Karte wird bei unserem Zahlungsdienstleister Stripe gespeichert und erst am Fälligkeitsdatum der Rechnung belastet. Die Kartennummer erreicht CPS nie.
checkout-card-needs-js = Die Kartenzahlung erfordert JavaScript. Wählen Sie Banküberweisung oder aktivieren Sie JavaScript.
checkout-card-setup-failed = Die Karte konnte gerade nicht vorbereitet werden. Versuchen Sie es in einem Moment erneut.
tiers-renew = { $tier } verlängern – der nächste Zeitraum beginnt am { $starts }
