# Service og reparation (sag 15): serviceanmodninger, tilbud og låneudstyr.

## Audit log actions (staff::AUDIT_ACTIONS)
admin-audit-action-service-transition = Serviceanmodning fik ny status
admin-audit-action-service-quote = Tilbud på service registreret
admin-audit-action-loan_item-add = Låneudstyr tilføjet til udlånspuljen
admin-audit-action-loan-confirm = Låneudstyr udlånt
admin-audit-action-loan-return = Låneudstyr returneret

## Request status (cps_domain::service::ServiceStatus)
service-status-registered = Registreret
service-status-received = Modtaget
service-status-diagnosed = Fejlsøgt – tilbud givet
service-status-approved = Tilbud godkendt
service-status-declined = Tilbud afvist
service-status-in_repair = Under reparation
service-status-ready = Klar
service-status-shipped = Afsendt
service-status-closed = Afsluttet

## Request kind (ServiceKind)
service-kind-repair = Reparation
service-kind-maintenance = Vedligeholdelse (kontrol og rengøring)
service-kind-sensor_clean = Sensorrensning

## Shipping (Shipping)
service-shipping-free_label = Gratis forsendelseslabel
service-shipping-drop_off = Afleveres på servicecentret

## Form errors (cps_domain::service)
error-service-description-required = Beskriv fejlen, så værkstedet ved, hvad det skal se på.
error-service-description-too-long = Beskrivelsen må højst være på 5.000 tegn.
error-quote-line-description = Skriv, hvad linjen gælder (højst 200 tegn).
error-quote-line-quantity = Antallet skal være et heltal fra 1 til 1.000.
error-quote-line-price = Angiv en pris på 0 eller mere.

## Back office: the service queue
admin-service-title = Servicekø
admin-service-lead = Åbne serviceanmodninger, først efter niveauets prioritet og derefter efter lovet dato.
admin-service-at-risk = risiko for forsinkelse
admin-service-missed = forsinket
admin-service-not-received = Ikke modtaget endnu
admin-service-no-membership = Intet medlemskab
admin-col-promised = Lovet færdig
