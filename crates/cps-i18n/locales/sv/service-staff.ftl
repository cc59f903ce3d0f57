# Service och reparation i backoffice (ärende 15): servicepersonalens steg, offerter och lånepoolen.

## Roll och flik
admin-nav-service = Service
admin-role-service = Service

## Servicekön
admin-svc-queue-requests = Serviceärenden
admin-svc-filter-open = Öppna
admin-svc-filter-all = Alla
admin-svc-filter-due = Utlovat datum
admin-svc-filter-any-due = Alla
admin-svc-filter-late = Risk för försening eller försenade
admin-svc-filter-any-kind = Alla typer
admin-svc-filter-apply = Visa
admin-svc-loans-open = Till lånepoolen

## Ett serviceärende
admin-svc-request-title = Serviceärende { $number }
admin-svc-request-details = Ärendet
admin-svc-shipping = Frakt
admin-svc-received = Mottaget
admin-svc-tracking = Spårningsnummer
admin-svc-tracking-hint = Spårningsnumret på paketet som skickas tillbaka till kunden.
admin-svc-return-address = Returadress
admin-svc-description = Kundens felbeskrivning
admin-svc-benefits = Vad medlemskapet ger i dag
admin-svc-discount = Rabatt på reservdelar och arbete: { $percent } %
admin-svc-allowance-left = Underhållsbelopp kvar: { $left } (gäller till och med { $until })
admin-svc-allowance-none = Inget underhållsbelopp
admin-svc-cleans-left = Kostnadsfria sensorrengöringar kvar i år för den här produkten: { $count }
admin-svc-loan-included = Lånutrustning ingår
admin-svc-loan-not-included = Lånutrustning ingår inte
admin-svc-quote-net = Netto efter rabatt och underhållsbelopp
admin-svc-quote-waiting = Offerten väntar på kundens beslut.
admin-svc-quote-approved = Kunden har godkänt offerten.
admin-svc-quote-declined = Kunden har avböjt offerten.
admin-svc-loan = Lånutrustning
admin-svc-loan-pool-hint = Utlåning och återlämning görs i lånepoolen.
admin-svc-wish = Kundens önskemål
admin-svc-item = Lånutrustning
admin-svc-due = Ska lämnas tillbaka senast
admin-svc-overdue = försenad
admin-svc-timeline = Händelser
admin-svc-from = Från status
admin-svc-actor-member = Kunden
admin-svc-actor-staff = Servicepersonal
admin-svc-actor-system = Systemet
admin-svc-steps = Nästa steg
admin-svc-next-step = Ändra status
admin-svc-note = Anteckning
admin-svc-step-in_repair = Påbörja reparationen
admin-svc-step-ready = Markera som klar
admin-svc-step-shipped = Markera som skickad
admin-svc-step-closed = Avsluta ärendet

## Mottagning
admin-svc-receive-title = Ta emot produkten
admin-svc-receive = Markera som mottagen
admin-svc-serial-read = Serienummer på produkten
admin-svc-serial-read-hint = Skriv serienumret som det står på produkten. Det måste stämma med ärendets.

## Offert
admin-svc-quote-enter = Registrera offert
admin-svc-quote-replace = Ersätt offerten (kunden har inte bestämt sig än)
admin-svc-quote-save = Spara offerten
admin-svc-line-kind = Typ, rad { $row }
admin-svc-line-description = Beskrivning
admin-svc-line-description-n = Beskrivning, rad { $row }
admin-svc-line-quantity = Antal
admin-svc-line-quantity-n = Antal, rad { $row }
admin-svc-line-unit = Styckpris
admin-svc-line-unit-n = Styckpris, rad { $row }
admin-svc-line-unit-hint = Listpris exklusive moms i { $currency }, till exempel 1 500,00. Tomma rader hoppas över.
admin-svc-line-part = Reservdel
admin-svc-line-labour = Arbete
admin-svc-line-sensor_clean = Sensorrengöring

## Lånepoolen
admin-svc-loans-title = Lånepoolen
admin-svc-loans-lead = Lånutrustning att låna ut under reparationer: förfrågningar, utlånat, försenat och all utrustning.
admin-svc-pending-title = Förfrågningar om lånutrustning
admin-svc-pending-none = Inga förfrågningar väntar.
admin-svc-lend-title = Ärende { $number } – önskemål: { $wish }
admin-svc-lend = Låna ut
admin-svc-due-hint = Förslaget är fem arbetsdagar efter det utlovade datumet.
admin-svc-running-title = Utlånat
admin-svc-lent = Utlånat
admin-svc-return-title = Ärende { $number }: { $item } är tillbaka
admin-svc-return = Återlämnad
admin-svc-overdue-title = Försenad lånutrustning
admin-svc-pool-title = All lånutrustning
admin-svc-category = Kategori
admin-svc-add-item-title = Lägg till lånutrustning
admin-svc-add-item = Lägg till
admin-svc-item-status-available = Tillgänglig
admin-svc-item-status-lent = Utlånad
admin-svc-item-status-retired = Utrangerad
admin-svc-loan-status-requested = Efterfrågad
admin-svc-loan-status-lent = Utlånad
admin-svc-loan-status-returned = Återlämnad
admin-svc-loan-status-refused = Inte utlånad
admin-svc-category-camera = Kamerahus
admin-svc-category-cinema = Cinema-kamera
admin-svc-category-lens = Objektiv
admin-svc-category-cinema-lens = Cinema-objektiv
admin-svc-category-flash = Blixt
admin-svc-category-printer = Skrivare
admin-svc-category-accessory = Tillbehör

## Fel (inget har ändrats)
admin-svc-error-illegal = Ärendet har status ”{ $from }” och kan inte gå till ”{ $to }”. Inget har ändrats.
admin-svc-error-members-step = Att godkänna eller avböja offerten är kundens steg. Inget har ändrats.
admin-svc-error-receive-with-serial = Ta emot produkten med formuläret för mottagning, där serienumret kontrolleras. Inget har ändrats.
admin-svc-error-quote-form = Ärendet blir felsökt när offerten registreras. Inget har ändrats.
admin-svc-error-loan-out = Ärendet kan inte avslutas medan lånutrustningen är utlånad. Ta emot den i lånepoolen först. Inget har ändrats.
admin-svc-error-serial-missing = Skriv serienumret som det står på produkten.
admin-svc-error-serial-mismatch = Serienumret stämmer inte med ärendets produkt. Kontrollera att det är rätt produkt. Inget har ändrats.
admin-svc-error-price = Skriv priset som ett belopp, till exempel 1 500,00.
admin-svc-error-empty-quote = Fyll i minst en rad i offerten.
admin-svc-error-tracking = Ange spårningsnumret för paketet.
admin-svc-error-tracking-invalid = Spårningsnumret får vara högst 100 tecken.
admin-svc-error-item-name = Ange en benämning (högst 200 tecken).
admin-svc-error-item-details = Ange benämning och serienummer (högst 200 tecken var).
admin-svc-error-item-serial-taken = Det finns redan lånutrustning med det serienumret.
admin-svc-error-item-choose = Välj lånutrustning som är tillgänglig.
admin-svc-error-item-unavailable = Den lånutrustningen är redan utlånad. Välj en annan. Inget har ändrats.
admin-svc-error-loan-not-pending = Förfrågan väntar inte längre på utlåning. Inget har ändrats.
admin-svc-error-due = Ange ett datum (ÅÅÅÅ-MM-DD).
admin-svc-error-due-past = Datumet för återlämning kan inte vara passerat.

## Granskningsloggen
admin-svc-audit-promised-on = Utlovat klart
admin-svc-audit-tracking = Spårningsnummer
admin-svc-audit-lines = Offertrader
admin-svc-audit-list = Listpris
admin-svc-audit-name = Benämning
admin-svc-audit-category = Kategori
admin-svc-audit-loan = Lån (nr i systemet)
admin-svc-audit-item = Lånutrustning (nr i systemet)
admin-svc-audit-due-back = Åter senast
admin-svc-error-awaiting-payment = Produkten skickas tillbaka när faktura { $invoice } är betald (banköverföring). Inget har ändrats.
