# Bank files (camt.053/054) in the back office.
bank-import-report = Bokført: { $paid }. Til gjennomgang: { $review }. Allerede lest inn tidligere: { $again }. Ikke bokført i banken ennå: { $pending }. Tilbakeførte betalinger: { $returned } (fakturaer ubetalt igjen: { $reopened }).
bank-upload-rules = Bare poster som banken har bokført, teller: en ventende post bokføres når den kommer bokført. Poster på en annen konto enn selgerens, uten transaksjonsdetaljer eller i en annen valuta enn kroner og euro, listes her i stedet. En tilbakeført betaling gjør fakturaen sin ubetalt igjen og listes her.
admin-outcome-credited = Fakturaen er kreditert – pengene skal tilbake
admin-outcome-wrong_currency = Annen valuta enn fakturaens
admin-outcome-wrong_account = Annen konto enn selgerens
admin-outcome-no_details = Uten transaksjonsdetaljer
admin-outcome-foreign_currency = Annen valuta enn kroner og euro
admin-outcome-unreadable_amount = Beløpet kunne ikke leses
admin-outcome-returned = Tilbakeført betaling – pengene gikk tilbake til betaleren
admin-outcome-reversed_debit = Tilbakeført utbetaling, ingen fakturabetaling
