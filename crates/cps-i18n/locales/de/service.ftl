# Service und Reparatur (Ticket 15): Serviceaufträge, Kostenvoranschläge und Leihgeräte.

## Audit log actions (staff::AUDIT_ACTIONS)
admin-audit-action-service-transition = Status des Serviceauftrags geändert
admin-audit-action-service-quote = Kostenvoranschlag für den Service erfasst
admin-audit-action-loan_item-add = Leihgerät zum Bestand hinzugefügt
admin-audit-action-loan-confirm = Leihgerät verliehen
admin-audit-action-loan-return = Leihgerät zurückgegeben

## Request status (cps_domain::service::ServiceStatus)
service-status-registered = Registriert
service-status-received = Eingegangen
service-status-diagnosed = Geprüft – Kostenvoranschlag erstellt
service-status-approved = Kostenvoranschlag angenommen
service-status-declined = Kostenvoranschlag abgelehnt
service-status-in_repair = In Reparatur
service-status-ready = Fertig
service-status-shipped = Versandt
service-status-closed = Abgeschlossen

## Request kind (ServiceKind)
service-kind-repair = Reparatur
service-kind-maintenance = Wartung (Prüfung und Reinigung)
service-kind-sensor_clean = Sensorreinigung

## Shipping (Shipping)
service-shipping-free_label = Kostenloses Versandetikett
service-shipping-drop_off = Abgabe im Servicecenter

## Form errors (cps_domain::service)
error-service-description-required = Beschreiben Sie den Fehler, damit die Werkstatt weiß, worauf sie achten soll.
error-service-description-too-long = Die Beschreibung darf höchstens 5.000 Zeichen lang sein.
error-quote-line-description = Geben Sie an, wofür die Zeile steht (höchstens 200 Zeichen).
error-quote-line-quantity = Die Menge muss eine ganze Zahl von 1 bis 1.000 sein.
error-quote-line-price = Geben Sie einen Preis von 0 oder mehr an.

## Back office: the service queue
admin-service-title = Servicewarteschlange
admin-service-lead = Offene Serviceaufträge, zuerst nach der Priorität der Stufe, dann nach dem zugesagten Datum.
admin-service-at-risk = Verzögerung droht
admin-service-missed = überfällig
admin-service-not-received = Noch nicht eingegangen
admin-service-no-membership = Keine Mitgliedschaft
admin-col-promised = Zugesagt bis
