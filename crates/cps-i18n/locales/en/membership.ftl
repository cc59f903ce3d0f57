## Tiers
nav-tiers = CPS tiers
nav-membership = Membership
tiers-title = Available CPS tiers
tiers-points = You have { $points } points and { $products } fully registered products.
tiers-below = The tiers open at { $threshold } points. You need { $missing } more points: register more products under “My products” and complete the incomplete ones.
tiers-switch-legend = Show tiers
tiers-switch-label = Business tiers
tiers-switch-on = ON
tiers-switch-off = OFF
tiers-switch-submit = Show
tiers-switch-hint = With more than 2,500 points you can choose between business tiers and Silver/Gold/Platinum.
tiers-kind-individual = Silver, Gold and Platinum
tiers-kind-business = Business tiers
tiers-open = Open to you
tiers-missing-points = { $points } more points
tiers-missing-products = { $products } more complete products
tiers-choose = Choose { $tier }
tiers-per-year = { $price } per year (excl. VAT)
tiers-current = Your current membership: { $tier } until { $ends }.
tiers-current-badge = Your membership
tiers-upgrade-note = If you move to a higher tier, what is left of your current period is deducted from the price.
benefit-repair-days = Repair within { $days } working days
benefit-repair-discount = { $percent } % off repairs
benefit-maintenance = Maintenance allowance equal to the annual fee
benefit-loan = Loan equipment during repairs
benefit-sensor = { $count } free sensor clean per camera body and year
benefit-support = Priority support (priority { $priority })

## Checkout
checkout-title = Choose the term and how to pay
checkout-term-legend = Term
checkout-term-option = { $years ->
    [one] 1 year
   *[other] { $years } years
} – { $price }
checkout-discount = ({ $percent } % off)
checkout-method-legend = Payment method
checkout-method-card = Card
checkout-method-card-hint = The card is not charged at once but on the invoice due date, usually within 30 days.
checkout-method-bank = Bank transfer
checkout-method-bank-hint = Pay by the due date on the invoice. Please note that a bank transfer may carry local fees.
checkout-continue = Continue to payment
checkout-review-title = Check your order
checkout-tier = Tier
checkout-term = Term
checkout-period = { $start } – { $end }
checkout-method = Payment method
checkout-list-price = Price
checkout-credit = Credit for the rest of your current period
checkout-net = To pay excl. VAT
checkout-vat = VAT { $rate } %
checkout-vat-reverse = VAT: reverse charge
checkout-vat-outside = VAT: none (outside the EU)
checkout-total = Total
checkout-rules = The invoice arrives within a few hours. If you pay by card, the fee is charged on the due date, usually within 30 days; by bank transfer you pay by the due date. The membership can be used immediately.
checkout-bank-fees = A bank transfer may carry local fees.
checkout-confirm = Confirm the order
checkout-change = Change
checkout-refused-not-qualified = Your business does not meet the requirements of that tier yet.
checkout-refused-already = You already have that tier.
checkout-refused-downgrade = You cannot move to a lower tier during a running period; choose it when the membership is renewed.
checkout-refused-unknown = That tier does not exist.
checkout-done-title = Welcome as a { $tier } member
checkout-done-lead = Your membership is valid from today. The invoice arrives within a few hours.
checkout-number = Membership number
membership-number-changed = Please note that your CPS membership number has changed: it was { $old }, it is now { $new }.

## Membership
membership-title = Membership
membership-none = You have no active membership.
membership-see-tiers = See the available CPS tiers
membership-tier = Tier
membership-number = Membership number
membership-status = Status
membership-period = Period
membership-benefits = Benefits
membership-status-active = Active
membership-status-payment-due = Active – invoice to pay
membership-status-overdue = Active – the invoice is overdue
membership-status-expired = Expired
membership-status-upgraded = Replaced by a higher tier
membership-status-upcoming = Next term: starts when the current one ends
membership-status-suspended = Suspended
membership-renewal = The membership runs until { $ends }. Renew it by choosing a tier again when the period nears its end.
membership-points-rule = If your points drop below the tier's limit during the period, you keep the membership until the period ends.
membership-history = Earlier memberships

## Mail
mail-membership-subject = Your CPS membership is active
mail-membership-body = Welcome as a { $tier } member of CPS! Your membership number is { $number } and the membership runs until { $ends }. The invoice arrives within a few hours.
mail-membership-action = See your membership
mail-membership-ignore = Questions about your membership? Contact CPS Priority Support.
checkout-sandbox-card = Test card
checkout-sandbox-card-hint = The portal runs with its built-in test payments (sandbox): choose how the test card answers. No real card is charged.
checkout-refused-card = Choose a card to pay with.
checkout-card-details = Card details
checkout-card-details-hint = The card is saved with our payment provider Stripe and charged on the invoice's due date only. The card number never reaches CPS.
checkout-card-needs-js = Paying by card needs JavaScript. Choose bank transfer, or turn JavaScript on.
checkout-card-setup-failed = The card could not be prepared just now. Try again in a moment.
tiers-renew = Renew { $tier } – the next term starts { $starts }
