# Bank files (camt.053/054) in the back office.
bank-import-report = Booked: { $paid }. To review: { $review }. Already imported before: { $again }. Not yet booked by the bank: { $pending }. Returned payments: { $returned } (invoices unpaid again: { $reopened }).
bank-upload-rules = Only entries the bank has booked count: a pending entry is booked when it arrives booked. Entries on another account than the seller's, without transaction details or in a currency other than kronor and euro are listed here instead. A returned payment makes its invoice unpaid again and is listed here.
admin-outcome-credited = Invoice credited – the money is owed back
admin-outcome-wrong_currency = Another currency than the invoice's
admin-outcome-wrong_account = Another account than the seller's
admin-outcome-no_details = No transaction details
admin-outcome-foreign_currency = A currency other than kronor and euro
admin-outcome-unreadable_amount = The amount could not be read
admin-outcome-returned = Returned payment – the money went back to the payer
admin-outcome-reversed_debit = Reversed outgoing payment, pays no invoice
