# Service and repair (issue 15): service requests, quotes and loan equipment.

## Audit log actions (staff::AUDIT_ACTIONS)
admin-audit-action-service-transition = Service request status changed
admin-audit-action-service-quote = Service quote entered
admin-audit-action-loan_item-add = Loan item added to the pool
admin-audit-action-loan-confirm = Loan equipment lent
admin-audit-action-loan-return = Loan equipment returned

## Request status (cps_domain::service::ServiceStatus)
service-status-registered = Registered
service-status-received = Received
service-status-diagnosed = Diagnosed – quote given
service-status-approved = Quote approved
service-status-declined = Quote declined
service-status-in_repair = In repair
service-status-ready = Ready
service-status-shipped = Shipped
service-status-closed = Closed

## Request kind (ServiceKind)
service-kind-repair = Repair
service-kind-maintenance = Maintenance (check and clean)
service-kind-sensor_clean = Sensor clean

## Shipping (Shipping)
service-shipping-free_label = Free shipping label
service-shipping-drop_off = Drop-off at the service centre

## Form errors (cps_domain::service)
error-service-description-required = Describe the fault so the workshop knows what to look at.
error-service-description-too-long = The description can be at most 5,000 characters.
error-quote-line-description = Say what the line is for (at most 200 characters).
error-quote-line-quantity = The quantity must be a whole number from 1 to 1,000.
error-quote-line-price = Enter a price of 0 or more.

## Back office: the service queue
admin-service-title = Service queue
admin-service-lead = Open service requests, by the tier's priority first and then by promised date.
admin-service-at-risk = at risk
admin-service-missed = missed
admin-service-not-received = Not received yet
admin-service-no-membership = No membership
admin-col-promised = Promised by
