# Bank files (camt.053/054) in the back office.
bank-import-report = Bogført: { $paid }. Til gennemgang: { $review }. Allerede indlæst tidligere: { $again }. Endnu ikke bogført i banken: { $pending }. Tilbageførte betalinger: { $returned } (fakturaer ubetalte igen: { $reopened }).
bank-upload-rules = Kun poster, som banken har bogført, tæller: en afventende post bogføres, når den kommer bogført. Poster på en anden konto end sælgerens, uden transaktionsdetaljer eller i en anden valuta end kroner og euro listes her i stedet. En tilbageført betaling gør sin faktura ubetalt igen og listes her.
admin-outcome-credited = Fakturaen er krediteret – pengene skal tilbage
admin-outcome-wrong_currency = Anden valuta end fakturaens
admin-outcome-wrong_account = Anden konto end sælgerens
admin-outcome-no_details = Uden transaktionsdetaljer
admin-outcome-foreign_currency = Anden valuta end kroner og euro
admin-outcome-unreadable_amount = Beløbet kunne ikke læses
admin-outcome-returned = Tilbageført betaling – pengene gik tilbage til betaleren
admin-outcome-reversed_debit = Tilbageført udbetaling, ingen fakturabetaling
