# Bank files (camt.053/054) in the back office.
bank-import-report = Gebucht: { $paid }. Zu prüfen: { $review }. Bereits früher eingelesen: { $again }. Von der Bank noch nicht gebucht: { $pending }. Rückbuchungen: { $returned } (Rechnungen wieder unbezahlt: { $reopened }).
bank-upload-rules = Nur von der Bank gebuchte Posten zählen: Ein vorgemerkter Posten wird gebucht, sobald er gebucht eingeht. Posten auf einem anderen Konto als dem des Verkäufers, ohne Transaktionsdetails oder in einer anderen Währung als Kronen und Euro werden stattdessen hier aufgeführt. Eine Rückbuchung macht ihre Rechnung wieder unbezahlt und wird hier aufgeführt.
admin-outcome-credited = Rechnung storniert – das Geld ist zu erstatten
admin-outcome-wrong_currency = Andere Währung als die der Rechnung
admin-outcome-wrong_account = Anderes Konto als das des Verkäufers
admin-outcome-no_details = Ohne Transaktionsdetails
admin-outcome-foreign_currency = Andere Währung als Kronen und Euro
admin-outcome-unreadable_amount = Der Betrag konnte nicht gelesen werden
admin-outcome-returned = Rückbuchung – das Geld ging an den Zahler zurück
admin-outcome-reversed_debit = Zurückgebuchte Auszahlung, keine Rechnungszahlung
