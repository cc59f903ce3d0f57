# Service og reparation i backoffice (sag 15): servicepersonalets trin, tilbud og udlånspuljen.

## Rolle og fane
admin-nav-service = Service
admin-role-service = Service

## Servicekøen
admin-svc-queue-requests = Servicesager
admin-svc-filter-open = Åbne
admin-svc-filter-all = Alle
admin-svc-filter-due = Lovet dato
admin-svc-filter-any-due = Alle
admin-svc-filter-late = Risiko for forsinkelse eller forsinkede
admin-svc-filter-any-kind = Alle typer
admin-svc-filter-apply = Vis
admin-svc-loans-open = Til udlånspuljen

## En servicesag
admin-svc-request-title = Servicesag { $number }
admin-svc-request-details = Sagen
admin-svc-shipping = Forsendelse
admin-svc-received = Modtaget
admin-svc-tracking = Sporingsnummer
admin-svc-tracking-hint = Sporingsnummeret på pakken, der sendes tilbage til kunden.
admin-svc-return-address = Returadresse
admin-svc-description = Kundens fejlbeskrivelse
admin-svc-benefits = Hvad medlemskabet giver i dag
admin-svc-discount = Rabat på reservedele og arbejde: { $percent } %
admin-svc-allowance-left = Vedligeholdelsestilskud tilbage: { $left } (gælder til og med { $until })
admin-svc-allowance-none = Intet vedligeholdelsestilskud
admin-svc-cleans-left = Gratis sensorrensninger tilbage i år for dette produkt: { $count }
admin-svc-loan-included = Låneudstyr er inkluderet
admin-svc-loan-not-included = Låneudstyr er ikke inkluderet
admin-svc-quote-net = Netto efter rabat og tilskud
admin-svc-quote-waiting = Tilbuddet venter på kundens beslutning.
admin-svc-quote-approved = Kunden har godkendt tilbuddet.
admin-svc-quote-declined = Kunden har afvist tilbuddet.
admin-svc-loan = Låneudstyr
admin-svc-loan-pool-hint = Udlån og returnering sker i udlånspuljen.
admin-svc-wish = Kundens ønske
admin-svc-item = Låneudstyr
admin-svc-due = Skal afleveres senest
admin-svc-overdue = forsinket
admin-svc-timeline = Hændelser
admin-svc-from = Fra status
admin-svc-actor-member = Kunden
admin-svc-actor-staff = Servicepersonale
admin-svc-actor-system = Systemet
admin-svc-steps = Næste trin
admin-svc-next-step = Skift status
admin-svc-note = Note
admin-svc-step-in_repair = Start reparationen
admin-svc-step-ready = Markér som klar
admin-svc-step-shipped = Markér som afsendt
admin-svc-step-closed = Afslut sagen

## Modtagelse
admin-svc-receive-title = Modtag produktet
admin-svc-receive = Markér som modtaget
admin-svc-serial-read = Serienummer på produktet
admin-svc-serial-read-hint = Skriv serienummeret, som det står på produktet. Det skal stemme med sagens.

## Tilbud
admin-svc-quote-enter = Registrér tilbud
admin-svc-quote-replace = Erstat tilbuddet (kunden har ikke besluttet sig endnu)
admin-svc-quote-save = Gem tilbuddet
admin-svc-line-kind = Type, linje { $row }
admin-svc-line-description = Beskrivelse
admin-svc-line-description-n = Beskrivelse, linje { $row }
admin-svc-line-quantity = Antal
admin-svc-line-quantity-n = Antal, linje { $row }
admin-svc-line-unit = Stykpris
admin-svc-line-unit-n = Stykpris, linje { $row }
admin-svc-line-unit-hint = Listepris uden moms i { $currency }, for eksempel 1.500,00. Tomme linjer springes over.
admin-svc-line-part = Reservedel
admin-svc-line-labour = Arbejde
admin-svc-line-sensor_clean = Sensorrensning

## Udlånspuljen
admin-svc-loans-title = Udlånspuljen
admin-svc-loans-lead = Låneudstyr til udlån under reparationer: forespørgsler, udlånt, forsinket og alt udstyr.
admin-svc-pending-title = Forespørgsler om låneudstyr
admin-svc-pending-none = Ingen forespørgsler venter.
admin-svc-lend-title = Sag { $number } – ønske: { $wish }
admin-svc-lend = Lån ud
admin-svc-due-hint = Forslaget er fem arbejdsdage efter den lovede dato.
admin-svc-running-title = Udlånt
admin-svc-lent = Udlånt
admin-svc-return-title = Sag { $number }: { $item } er tilbage
admin-svc-return = Afleveret
admin-svc-overdue-title = Forsinket låneudstyr
admin-svc-pool-title = Alt låneudstyr
admin-svc-category = Kategori
admin-svc-add-item-title = Tilføj låneudstyr
admin-svc-add-item = Tilføj
admin-svc-item-status-available = Ledig
admin-svc-item-status-lent = Udlånt
admin-svc-item-status-retired = Udfaset
admin-svc-loan-status-requested = Forespurgt
admin-svc-loan-status-lent = Udlånt
admin-svc-loan-status-returned = Afleveret
admin-svc-loan-status-refused = Ikke udlånt
admin-svc-category-camera = Kamerahus
admin-svc-category-cinema = Cinema-kamera
admin-svc-category-lens = Objektiv
admin-svc-category-cinema-lens = Cinema-objektiv
admin-svc-category-flash = Blitz
admin-svc-category-printer = Printer
admin-svc-category-accessory = Tilbehør

## Fejl (intet er ændret)
admin-svc-error-illegal = Sagen har status »{ $from }« og kan ikke gå til »{ $to }«. Intet er ændret.
admin-svc-error-members-step = At godkende eller afvise tilbuddet er kundens trin. Intet er ændret.
admin-svc-error-receive-with-serial = Modtag produktet med modtagelsesformularen, hvor serienummeret kontrolleres. Intet er ændret.
admin-svc-error-quote-form = Sagen bliver fejlsøgt, når tilbuddet registreres. Intet er ændret.
admin-svc-error-loan-out = Sagen kan ikke afsluttes, mens låneudstyret er udlånt. Modtag det i udlånspuljen først. Intet er ændret.
admin-svc-error-serial-missing = Skriv serienummeret, som det står på produktet.
admin-svc-error-serial-mismatch = Serienummeret stemmer ikke med sagens produkt. Kontrollér, at det er det rigtige produkt. Intet er ændret.
admin-svc-error-price = Skriv prisen som et beløb, for eksempel 1.500,00.
admin-svc-error-empty-quote = Udfyld mindst én linje i tilbuddet.
admin-svc-error-tracking = Angiv pakkens sporingsnummer.
admin-svc-error-tracking-invalid = Sporingsnummeret må højst være 100 tegn.
admin-svc-error-item-name = Angiv en betegnelse (højst 200 tegn).
admin-svc-error-item-details = Angiv betegnelse og serienummer (højst 200 tegn hver).
admin-svc-error-item-serial-taken = Der findes allerede låneudstyr med det serienummer.
admin-svc-error-item-choose = Vælg ledigt låneudstyr.
admin-svc-error-item-unavailable = Det låneudstyr er allerede udlånt. Vælg et andet. Intet er ændret.
admin-svc-error-loan-not-pending = Forespørgslen venter ikke længere på udlån. Intet er ændret.
admin-svc-error-due = Angiv en dato (ÅÅÅÅ-MM-DD).
admin-svc-error-due-past = Afleveringsdatoen kan ikke ligge i fortiden.

## Revisionsloggen
admin-svc-audit-promised-on = Lovet færdig
admin-svc-audit-tracking = Sporingsnummer
admin-svc-audit-lines = Tilbudslinjer
admin-svc-audit-list = Listepris
admin-svc-audit-name = Betegnelse
admin-svc-audit-category = Kategori
admin-svc-audit-loan = Lån (nr. i systemet)
admin-svc-audit-item = Låneudstyr (nr. i systemet)
admin-svc-audit-due-back = Afleveres senest
admin-svc-error-awaiting-payment = Produktet sendes retur, når faktura { $invoice } er betalt (bankoverførsel). Intet er ændret.
