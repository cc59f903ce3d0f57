# Bank files (camt.053/054) in the back office.
bank-import-report = Kirjattu: { $paid }. Tarkistettavana: { $review }. Luettu jo aiemmin: { $again }. Pankki ei ole vielä kirjannut: { $pending }. Palautuneet maksut: { $returned } (laskuja jälleen maksamatta: { $reopened }).
bank-upload-rules = Vain pankin kirjaamat tapahtumat lasketaan: odottava tapahtuma kirjataan, kun se saapuu kirjattuna. Tapahtumat, jotka ovat muulla kuin myyjän tilillä, joista puuttuvat tapahtumatiedot tai jotka ovat muussa valuutassa kuin kruunuissa tai euroissa, luetellaan sen sijaan tässä. Palautunut maksu muuttaa laskunsa jälleen maksamattomaksi, ja maksu luetellaan tässä.
admin-outcome-credited = Lasku on hyvitetty – rahat on palautettava
admin-outcome-wrong_currency = Eri valuutta kuin laskussa
admin-outcome-wrong_account = Muu tili kuin myyjän
admin-outcome-no_details = Ei tapahtumatietoja
admin-outcome-foreign_currency = Muu valuutta kuin kruunu tai euro
admin-outcome-unreadable_amount = Summaa ei voitu lukea
admin-outcome-returned = Palautunut maksu – rahat palasivat maksajalle
admin-outcome-reversed_debit = Peruttu lähtevä maksu, ei laskun maksu
