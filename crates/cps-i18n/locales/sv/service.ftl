# Service och reparation (ärende 15): serviceärenden, offerter och lånutrustning.

## Audit log actions (staff::AUDIT_ACTIONS)
admin-audit-action-service-transition = Serviceärende fick ny status
admin-audit-action-service-quote = Offert för serviceärende registrerad
admin-audit-action-loan_item-add = Lånutrustning tillagd i lånepoolen
admin-audit-action-loan-confirm = Lånutrustning utlånad
admin-audit-action-loan-return = Lånutrustning återlämnad

## Request status (cps_domain::service::ServiceStatus)
service-status-registered = Registrerat
service-status-received = Mottaget
service-status-diagnosed = Felsökt – offert lämnad
service-status-approved = Offert godkänd
service-status-declined = Offert avböjd
service-status-in_repair = Under reparation
service-status-ready = Klar
service-status-shipped = Skickad
service-status-closed = Avslutat

## Request kind (ServiceKind)
service-kind-repair = Reparation
service-kind-maintenance = Underhåll (kontroll och rengöring)
service-kind-sensor_clean = Sensorrengöring

## Shipping (Shipping)
service-shipping-free_label = Kostnadsfri fraktsedel
service-shipping-drop_off = Lämnas in på servicecentret

## Form errors (cps_domain::service)
error-service-description-required = Beskriv felet så att verkstaden vet vad den ska titta på.
error-service-description-too-long = Beskrivningen får vara högst 5 000 tecken.
error-quote-line-description = Skriv vad raden gäller (högst 200 tecken).
error-quote-line-quantity = Antalet ska vara ett heltal mellan 1 och 1 000.
error-quote-line-price = Ange ett pris på 0 eller mer.

## Back office: the service queue
admin-service-title = Servicekö
admin-service-lead = Öppna serviceärenden, först efter nivåns prioritet och sedan efter utlovat datum.
admin-service-at-risk = risk för försening
admin-service-missed = försenat
admin-service-not-received = Inte mottaget än
admin-service-no-membership = Inget medlemskap
admin-col-promised = Utlovat klart
