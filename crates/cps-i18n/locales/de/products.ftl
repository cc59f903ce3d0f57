## My products
products-title = Meine Produkte
products-register = Produkt registrieren
products-empty = Sie haben noch keine registrierten Produkte. Registrieren Sie Ihre Kameras, Objektive und weitere Ausrüstung, um Punkte zu sammeln.
products-total = Gesamt
products-points = { $points } Punkte
products-to-tier = Noch { $points } Punkte bis { $tier }
products-history-link = Punktehistorie – woher stammen unsere Punkte?
products-col-model = Modell
products-col-serial = Seriennummer
products-col-date = Kaufdatum
products-col-country = Kaufland
products-col-retailer = Händler
products-col-points = Punkte
products-col-status = Status
products-status-complete = Registriert
products-status-incomplete = Unvollständig
products-missing = Es fehlt: { $details }
products-view = Produkt anzeigen
products-view-named = Produkt { $model } anzeigen
products-from-migration = Migriert
products-none = –
product-serial = Seriennummer
product-purchase-date = Kaufdatum
product-purchase-country = Kaufland
product-retailer = Händler

## Migration
migrate-button = PRODUKTE MIGRIEREN
migrate-lead = { $count ->
    [one] Sie hatten ein Konto im alten CPS-System ({ $email }, Mitgliedsnummer { $number }) mit { $count } Produkt. Migrieren Sie es hierher; ist es vollständig registriert, werden die Punkte dafür vergeben.
   *[other] Sie hatten ein Konto im alten CPS-System ({ $email }, Mitgliedsnummer { $number }) mit { $count } Produkten. Migrieren Sie diese hierher; für die vollständig registrierten werden die Punkte vergeben.
}
migrate-no-old-email = Sie sehen die blaue Schaltfläche „PRODUKTE MIGRIEREN“ nicht? Dann wurde bei der Registrierung des Unternehmenskontos keine alte E-Mail-Adresse angegeben. Registrieren Sie die Produkte erneut, geben Sie die alte Adresse unter Kontoeinstellungen an oder wenden Sie sich an den CPS Priority Support.
migrate-not-proven = Sie haben { $email } als alte CPS-Adresse angegeben. Bestätigen Sie, dass die Adresse Ihnen gehört, dann erscheint die Schaltfläche zum Migrieren der Produkte.
migrate-send-link = Bestätigungslink senden
migrate-link-sent = Wir haben einen Bestätigungslink an die alte Adresse gesendet. Der Link ist 48 Stunden gültig.
migrate-no-legacy = Im alten CPS-System gibt es kein Konto mit der Adresse { $email }. Registrieren Sie die Produkte erneut oder wenden Sie sich an den CPS Priority Support.
migrate-taken = Die Produkte aus dem alten Konto mit { $email } wurden bereits in ein anderes Unternehmenskonto migriert. Wenden Sie sich an den CPS Priority Support, falls das ein Fehler ist.
migrate-done = Die Produkte sind migriert. Die Punkte für die vollständigen Produkte wurden vergeben; ergänzen Sie die unvollständigen über „Produkt anzeigen“.
migrate-nothing = Es gab nichts zu migrieren: Die Produkte sind bereits migriert.
migrate-report-title = Produkte aus dem alten System, die nicht migriert werden konnten
migrate-outcome-serial-elsewhere = Die Seriennummer ist von einem anderen Unternehmen registriert. Wenden Sie sich an den CPS Priority Support, wenn das Produkt Ihnen gehört.
migrate-outcome-already-registered = Sie hatten die Seriennummer bereits selbst registriert.
migrate-outcome-unknown-model = Das Modell ist nicht im Produktkatalog. Registrieren Sie das Produkt selbst oder wenden Sie sich an den CPS Priority Support.
migrate-confirm-title = Alte E-Mail-Adresse bestätigen
migrate-confirm-lead = Bestätigen Sie, dass die alte CPS-Adresse Ihrem Unternehmen gehört, dann können die Produkte aus dem alten System migriert werden.
migrate-confirm-submit = Adresse bestätigen
migrate-confirmed = Die Adresse ist bestätigt. Jetzt können Sie die Produkte unter „Meine Produkte“ migrieren.
migrate-confirm-failed = Der Link funktioniert nicht mehr, oder die alte Adresse wurde geändert, seit er gesendet wurde. Fordern Sie unter „Meine Produkte“ einen neuen Link an.

## Register / view a product
register-title = Produkt registrieren
register-search-label = Modell suchen
register-search-hint = Geben Sie Namen oder Modellcode ein, zum Beispiel „5D Mark III“ oder „RF 24-70“.
register-search-submit = Suchen
register-results = Treffer
register-no-results = Kein Modell passt zu „{ $query }“. Versuchen Sie einen kürzeren Suchbegriff.
register-choose = Auswählen
register-gives = Bringt { $points } Punkte, sobald die Registrierung vollständig ist.
register-change-model = Anderes Modell wählen
register-details-lead = Füllen Sie die Angaben so genau wie möglich aus. Alle vier Angaben sind nötig, damit die Punkte vergeben werden, aber Sie können sie später ergänzen.
register-serial-hint = Steht auf dem Produkt, zum Beispiel { $example }.
register-date-hint = JJJJ-MM-TT, oder JJJJ-MM, wenn Sie nur den Monat wissen.
register-country-choose = Land wählen
register-retailer-hint = Das Geschäft, in dem das Produkt gekauft wurde.
register-submit = Produkt registrieren
register-done-complete = Das Produkt ist registriert und die Punkte wurden vergeben.
register-done-incomplete = Das Produkt ist registriert, aber unvollständig. Ergänzen Sie die Angaben, um die Punkte zu erhalten.
product-title = { $model }
product-save = Angaben speichern
product-saved = Die Angaben sind gespeichert.
product-remove = Produkt entfernen
product-remove-title = { $model } entfernen?
product-remove-lead = Das Produkt wird aus „Meine Produkte“ entfernt und seine Punkte werden abgezogen. Die Seriennummer kann später erneut registriert werden.
product-remove-confirm = Ja, Produkt entfernen
product-remove-cancel = Nein, behalten
product-removed = Das Produkt wurde entfernt und seine Punkte wurden abgezogen.
product-points-held = Punkte für das Produkt: { $points }
error-serial-format = Die Seriennummer sieht nicht wie eine Seriennummer dieses Modells aus. Vergleichen Sie sie mit dem Produkt.
error-serial-taken-elsewhere = Die Seriennummer ist bereits von einem anderen Unternehmen registriert. Gehört das Produkt Ihnen? Wenden Sie sich an den CPS Priority Support, dann klären wir das.
error-serial-taken-here = Sie haben bereits ein Produkt mit dieser Seriennummer registriert.
error-purchase-date-invalid = Geben Sie das Kaufdatum als JJJJ-MM-TT oder JJJJ-MM ein.
error-purchase-date-future = Das Kaufdatum kann nicht in der Zukunft liegen.
error-purchase-date-before-release = Das Kaufdatum liegt vor der Markteinführung des Modells.
error-model-required = Wählen Sie ein Modell aus dem Katalog.

## Points history
history-title = Punktehistorie
history-lead = Jedes Ereignis, das Ihre Punkte verändert hat. Die Summe ist Ihr Punktestand.
history-balance = Punktestand
history-empty = Noch keine Punkteereignisse.
history-col-date = Datum
history-col-event = Ereignis
history-col-product = Produkt
history-col-points = Punkte
ledger-allocation = Vollständige Registrierung
ledger-reversal = Punkte zurückgebucht (Produkt entfernt oder unvollständig)
ledger-adjustment = Korrektur durch CPS
ledger-decline = Minderung nach Alter des Produkts

## Invitation banner and mail
invitation-banner = Herzlichen Glückwunsch! Sie haben mindestens { $threshold } Punkte und sind eingeladen, CPS beizutreten.
invitation-banner-link = Verfügbare CPS-Stufen ansehen
