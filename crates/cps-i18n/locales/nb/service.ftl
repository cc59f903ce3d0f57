# Service og reparasjon (sak 15): serviceforespørsler, tilbud og låneutstyr.

## Audit log actions (staff::AUDIT_ACTIONS)
admin-audit-action-service-transition = Serviceforespørsel fikk ny status
admin-audit-action-service-quote = Tilbud på service registrert
admin-audit-action-loan_item-add = Låneutstyr lagt til i utlånslageret
admin-audit-action-loan-confirm = Låneutstyr lånt ut
admin-audit-action-loan-return = Låneutstyr levert tilbake

## Request status (cps_domain::service::ServiceStatus)
service-status-registered = Registrert
service-status-received = Mottatt
service-status-diagnosed = Feilsøkt – tilbud gitt
service-status-approved = Tilbud godkjent
service-status-declined = Tilbud avslått
service-status-in_repair = Under reparasjon
service-status-ready = Klar
service-status-shipped = Sendt
service-status-closed = Avsluttet

## Request kind (ServiceKind)
service-kind-repair = Reparasjon
service-kind-maintenance = Vedlikehold (kontroll og rengjøring)
service-kind-sensor_clean = Sensorrengjøring

## Shipping (Shipping)
service-shipping-free_label = Gratis fraktseddel
service-shipping-drop_off = Leveres på servicesenteret

## Form errors (cps_domain::service)
error-service-description-required = Beskriv feilen slik at verkstedet vet hva det skal se på.
error-service-description-too-long = Beskrivelsen kan være på høyst 5 000 tegn.
error-quote-line-description = Skriv hva linjen gjelder (høyst 200 tegn).
error-quote-line-quantity = Antallet må være et heltall fra 1 til 1 000.
error-quote-line-price = Oppgi en pris på 0 eller mer.

## Back office: the service queue
admin-service-title = Servicekø
admin-service-lead = Åpne serviceforespørsler, først etter nivåets prioritet og deretter etter lovet dato.
admin-service-at-risk = fare for forsinkelse
admin-service-missed = forsinket
admin-service-not-received = Ikke mottatt ennå
admin-service-no-membership = Intet medlemskap
admin-col-promised = Lovet ferdig
