# Huolto ja korjaus (tiketti 15): huoltopyynnöt, tarjoukset ja lainalaitteet.

## Audit log actions (staff::AUDIT_ACTIONS)
admin-audit-action-service-transition = Huoltopyynnön tila muuttui
admin-audit-action-service-quote = Huoltotarjous kirjattu
admin-audit-action-loan_item-add = Lainalaite lisätty lainavarastoon
admin-audit-action-loan-confirm = Lainalaite lainattu
admin-audit-action-loan-return = Lainalaite palautettu

## Request status (cps_domain::service::ServiceStatus)
service-status-registered = Rekisteröity
service-status-received = Vastaanotettu
service-status-diagnosed = Vianetsintä tehty – tarjous annettu
service-status-approved = Tarjous hyväksytty
service-status-declined = Tarjous hylätty
service-status-in_repair = Korjauksessa
service-status-ready = Valmis
service-status-shipped = Lähetetty
service-status-closed = Suljettu

## Request kind (ServiceKind)
service-kind-repair = Korjaus
service-kind-maintenance = Huolto (tarkastus ja puhdistus)
service-kind-sensor_clean = Kennon puhdistus

## Shipping (Shipping)
service-shipping-free_label = Maksuton lähetystarra
service-shipping-drop_off = Tuodaan huoltokeskukseen

## Form errors (cps_domain::service)
error-service-description-required = Kuvaile vika, jotta korjaamo tietää, mitä tarkistaa.
error-service-description-too-long = Kuvaus voi olla enintään 5 000 merkkiä.
error-quote-line-description = Kirjoita, mitä rivi koskee (enintään 200 merkkiä).
error-quote-line-quantity = Määrän on oltava kokonaisluku 1–1 000.
error-quote-line-price = Anna hinta, joka on 0 tai enemmän.

## Back office: the service queue
admin-service-title = Huoltojono
admin-service-lead = Avoimet huoltopyynnöt, ensin tason prioriteetin ja sitten luvatun päivän mukaan.
admin-service-at-risk = vaarassa myöhästyä
admin-service-missed = myöhässä
admin-service-not-received = Ei vielä vastaanotettu
admin-service-no-membership = Ei jäsenyyttä
admin-col-promised = Luvattu valmiiksi
