# Service og reparasjon i backoffice (sak 15): servicepersonalets steg, pristilbud og utlånslageret.

## Rolle og fane
admin-nav-service = Service
admin-role-service = Service

## Servicekøen
admin-svc-queue-requests = Servicesaker
admin-svc-filter-open = Åpne
admin-svc-filter-all = Alle
admin-svc-filter-due = Lovet dato
admin-svc-filter-any-due = Alle
admin-svc-filter-late = Fare for forsinkelse eller forsinket
admin-svc-filter-any-kind = Alle typer
admin-svc-filter-apply = Vis
admin-svc-loans-open = Til utlånslageret

## En servicesak
admin-svc-request-title = Servicesak { $number }
admin-svc-request-details = Saken
admin-svc-shipping = Frakt
admin-svc-received = Mottatt
admin-svc-tracking = Sporingsnummer
admin-svc-tracking-hint = Sporingsnummeret på pakken som sendes tilbake til kunden.
admin-svc-return-address = Returadresse
admin-svc-description = Kundens feilbeskrivelse
admin-svc-benefits = Hva medlemskapet gir i dag
admin-svc-discount = Rabatt på reservedeler og arbeid: { $percent } %
admin-svc-allowance-left = Vedlikeholdstilskudd igjen: { $left } (gjelder til og med { $until })
admin-svc-allowance-none = Ikke noe vedlikeholdstilskudd
admin-svc-cleans-left = Gratis sensorrengjøringer igjen i år for dette produktet: { $count }
admin-svc-loan-included = Låneutstyr er inkludert
admin-svc-loan-not-included = Låneutstyr er ikke inkludert
admin-svc-quote-net = Netto etter rabatt og tilskudd
admin-svc-quote-waiting = Pristilbudet venter på kundens beslutning.
admin-svc-quote-approved = Kunden har godkjent pristilbudet.
admin-svc-quote-declined = Kunden har avslått pristilbudet.
admin-svc-loan = Låneutstyr
admin-svc-loan-pool-hint = Utlån og retur gjøres i utlånslageret.
admin-svc-wish = Kundens ønske
admin-svc-item = Låneutstyr
admin-svc-due = Skal leveres tilbake innen
admin-svc-overdue = forsinket
admin-svc-timeline = Hendelser
admin-svc-from = Fra status
admin-svc-actor-member = Kunden
admin-svc-actor-staff = Servicepersonale
admin-svc-actor-system = Systemet
admin-svc-steps = Neste steg
admin-svc-next-step = Endre status
admin-svc-note = Notat
admin-svc-step-in_repair = Start reparasjonen
admin-svc-step-ready = Merk som klar
admin-svc-step-shipped = Merk som sendt
admin-svc-step-closed = Avslutt saken

## Mottak
admin-svc-receive-title = Ta imot produktet
admin-svc-receive = Merk som mottatt
admin-svc-serial-read = Serienummer på produktet
admin-svc-serial-read-hint = Skriv serienummeret slik det står på produktet. Det må stemme med sakens.

## Pristilbud
admin-svc-quote-enter = Registrer pristilbud
admin-svc-quote-replace = Erstatt pristilbudet (kunden har ikke bestemt seg ennå)
admin-svc-quote-save = Lagre pristilbudet
admin-svc-line-kind = Type, linje { $row }
admin-svc-line-description = Beskrivelse
admin-svc-line-description-n = Beskrivelse, linje { $row }
admin-svc-line-quantity = Antall
admin-svc-line-quantity-n = Antall, linje { $row }
admin-svc-line-unit = Stykkpris
admin-svc-line-unit-n = Stykkpris, linje { $row }
admin-svc-line-unit-hint = Listepris uten mva. i { $currency }, for eksempel 1 500,00. Tomme linjer hoppes over.
admin-svc-line-part = Reservedel
admin-svc-line-labour = Arbeid
admin-svc-line-sensor_clean = Sensorrengjøring

## Utlånslageret
admin-svc-loans-title = Utlånslageret
admin-svc-loans-lead = Låneutstyr til utlån under reparasjoner: forespørsler, utlånt, forsinket og alt utstyr.
admin-svc-pending-title = Forespørsler om låneutstyr
admin-svc-pending-none = Ingen forespørsler venter.
admin-svc-lend-title = Sak { $number } – ønske: { $wish }
admin-svc-lend = Lån ut
admin-svc-due-hint = Forslaget er fem arbeidsdager etter lovet dato.
admin-svc-running-title = Utlånt
admin-svc-lent = Utlånt
admin-svc-return-title = Sak { $number }: { $item } er tilbake
admin-svc-return = Levert tilbake
admin-svc-overdue-title = Forsinket låneutstyr
admin-svc-pool-title = Alt låneutstyr
admin-svc-category = Kategori
admin-svc-add-item-title = Legg til låneutstyr
admin-svc-add-item = Legg til
admin-svc-item-status-available = Ledig
admin-svc-item-status-lent = Utlånt
admin-svc-item-status-retired = Utrangert
admin-svc-loan-status-requested = Forespurt
admin-svc-loan-status-lent = Utlånt
admin-svc-loan-status-returned = Levert tilbake
admin-svc-loan-status-refused = Ikke utlånt
admin-svc-category-camera = Kamerahus
admin-svc-category-cinema = Cinema-kamera
admin-svc-category-lens = Objektiv
admin-svc-category-cinema-lens = Cinema-objektiv
admin-svc-category-flash = Blits
admin-svc-category-printer = Skriver
admin-svc-category-accessory = Tilbehør

## Feil (ingenting er endret)
admin-svc-error-illegal = Saken har status «{ $from }» og kan ikke gå til «{ $to }». Ingenting er endret.
admin-svc-error-members-step = Å godkjenne eller avslå pristilbudet er kundens steg. Ingenting er endret.
admin-svc-error-receive-with-serial = Ta imot produktet med mottaksskjemaet, der serienummeret kontrolleres. Ingenting er endret.
admin-svc-error-quote-form = Saken blir feilsøkt når pristilbudet registreres. Ingenting er endret.
admin-svc-error-loan-out = Saken kan ikke avsluttes mens låneutstyret er utlånt. Ta det imot i utlånslageret først. Ingenting er endret.
admin-svc-error-serial-missing = Skriv serienummeret slik det står på produktet.
admin-svc-error-serial-mismatch = Serienummeret stemmer ikke med sakens produkt. Kontroller at det er riktig produkt. Ingenting er endret.
admin-svc-error-price = Skriv prisen som et beløp, for eksempel 1 500,00.
admin-svc-error-empty-quote = Fyll ut minst én linje i pristilbudet.
admin-svc-error-tracking = Oppgi pakkens sporingsnummer.
admin-svc-error-tracking-invalid = Sporingsnummeret kan være på høyst 100 tegn.
admin-svc-error-item-name = Oppgi en betegnelse (høyst 200 tegn).
admin-svc-error-item-details = Oppgi betegnelse og serienummer (høyst 200 tegn hver).
admin-svc-error-item-serial-taken = Det finnes allerede låneutstyr med det serienummeret.
admin-svc-error-item-choose = Velg ledig låneutstyr.
admin-svc-error-item-unavailable = Det låneutstyret er allerede utlånt. Velg et annet. Ingenting er endret.
admin-svc-error-loan-not-pending = Forespørselen venter ikke lenger på utlån. Ingenting er endret.
admin-svc-error-due = Oppgi en dato (ÅÅÅÅ-MM-DD).
admin-svc-error-due-past = Returdatoen kan ikke være passert.

## Revisjonsloggen
admin-svc-audit-promised-on = Lovet ferdig
admin-svc-audit-tracking = Sporingsnummer
admin-svc-audit-lines = Tilbudslinjer
admin-svc-audit-list = Listepris
admin-svc-audit-name = Betegnelse
admin-svc-audit-category = Kategori
admin-svc-audit-loan = Lån (nr. i systemet)
admin-svc-audit-item = Låneutstyr (nr. i systemet)
admin-svc-audit-due-back = Leveres tilbake innen
admin-svc-error-awaiting-payment = Produktet sendes tilbake når faktura { $invoice } er betalt (bankoverføring). Ingenting er endret.
