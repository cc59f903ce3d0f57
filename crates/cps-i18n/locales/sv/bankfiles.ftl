# Bank files (camt.053/054) in the back office.
bank-import-report = Bokade: { $paid }. Att granska: { $review }. Redan inlästa tidigare: { $again }. Ej bokade hos banken ännu: { $pending }. Återförda betalningar: { $returned } (fakturor obetalda igen: { $reopened }).
bank-upload-rules = Bara poster som banken har bokat räknas: en väntande post bokas när den kommer bokad. Poster på ett annat konto än säljarens, utan transaktionsdetaljer eller i en annan valuta än kronor och euro listas här i stället. En återförd betalning gör sin faktura obetald igen och listas här.
admin-outcome-credited = Fakturan är krediterad – pengarna ska tillbaka
admin-outcome-wrong_currency = Annan valuta än fakturans
admin-outcome-wrong_account = Annat konto än säljarens
admin-outcome-no_details = Utan transaktionsdetaljer
admin-outcome-foreign_currency = Annan valuta än kronor och euro
admin-outcome-unreadable_amount = Beloppet gick inte att läsa
admin-outcome-returned = Återförd betalning – pengarna gick tillbaka till betalaren
admin-outcome-reversed_debit = Återförd utbetalning, ingen fakturabetalning
