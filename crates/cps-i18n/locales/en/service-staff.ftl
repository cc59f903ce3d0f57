# Service and repair in the back office (issue 15): the service staff's steps, quotes and the loan pool.

## Role and tab
admin-nav-service = Service
admin-role-service = Service

## The service queue
admin-svc-queue-requests = Service requests
admin-svc-filter-open = Open
admin-svc-filter-all = All
admin-svc-filter-due = Promised date
admin-svc-filter-any-due = All
admin-svc-filter-late = At risk or missed
admin-svc-filter-any-kind = All kinds
admin-svc-filter-apply = Show
admin-svc-loans-open = Go to the loan pool

## One service request
admin-svc-request-title = Service request { $number }
admin-svc-request-details = The request
admin-svc-shipping = Shipping
admin-svc-received = Received
admin-svc-tracking = Tracking number
admin-svc-tracking-hint = The tracking number of the parcel going back to the customer.
admin-svc-return-address = Return address
admin-svc-description = The customer's description of the fault
admin-svc-benefits = What the membership gives today
admin-svc-discount = Discount on parts and labour: { $percent } %
admin-svc-allowance-left = Maintenance allowance left: { $left } (valid until { $until })
admin-svc-allowance-none = No maintenance allowance
admin-svc-cleans-left = Free sensor cleans left this year for this product: { $count }
admin-svc-loan-included = Loan equipment included
admin-svc-loan-not-included = Loan equipment not included
admin-svc-quote-net = Net after discount and allowance
admin-svc-quote-waiting = The quote is waiting for the customer's decision.
admin-svc-quote-approved = The customer approved the quote.
admin-svc-quote-declined = The customer declined the quote.
admin-svc-loan = Loan equipment
admin-svc-loan-pool-hint = Lending and returns are done in the loan pool.
admin-svc-wish = The customer's wish
admin-svc-item = Loan item
admin-svc-due = Due back by
admin-svc-overdue = overdue
admin-svc-timeline = Timeline
admin-svc-from = From status
admin-svc-actor-member = Customer
admin-svc-actor-staff = Service staff
admin-svc-actor-system = System
admin-svc-steps = Next step
admin-svc-next-step = Change the status
admin-svc-note = Note
admin-svc-step-in_repair = Start the repair
admin-svc-step-ready = Mark as ready
admin-svc-step-shipped = Mark as shipped
admin-svc-step-closed = Close the request

## Receiving
admin-svc-receive-title = Receive the product
admin-svc-receive = Mark as received
admin-svc-serial-read = Serial number on the product
admin-svc-serial-read-hint = Type the serial number as it reads on the product. It must match the request's.

## Quote
admin-svc-quote-enter = Enter the quote
admin-svc-quote-replace = Replace the quote (the customer has not decided yet)
admin-svc-quote-save = Save the quote
admin-svc-line-kind = Kind, line { $row }
admin-svc-line-description = Description
admin-svc-line-description-n = Description, line { $row }
admin-svc-line-quantity = Quantity
admin-svc-line-quantity-n = Quantity, line { $row }
admin-svc-line-unit = Unit price
admin-svc-line-unit-n = Unit price, line { $row }
admin-svc-line-unit-hint = List price excluding VAT in { $currency }, for example 1,500.00. Empty lines are skipped.
admin-svc-line-part = Part
admin-svc-line-labour = Labour
admin-svc-line-sensor_clean = Sensor clean

## The loan pool
admin-svc-loans-title = Loan pool
admin-svc-loans-lead = Loan equipment to lend during repairs: requests, items out, overdue items and the whole pool.
admin-svc-pending-title = Loan requests
admin-svc-pending-none = No requests are waiting.
admin-svc-lend-title = Request { $number } – wish: { $wish }
admin-svc-lend = Lend
admin-svc-due-hint = The suggestion is five working days after the promised date.
admin-svc-running-title = Out on loan
admin-svc-lent = Lent
admin-svc-return-title = Request { $number }: { $item } is back
admin-svc-return = Returned
admin-svc-overdue-title = Overdue loan equipment
admin-svc-pool-title = All loan equipment
admin-svc-category = Category
admin-svc-add-item-title = Add loan equipment
admin-svc-add-item = Add
admin-svc-item-status-available = Available
admin-svc-item-status-lent = Lent
admin-svc-item-status-retired = Retired
admin-svc-loan-status-requested = Requested
admin-svc-loan-status-lent = Lent
admin-svc-loan-status-returned = Returned
admin-svc-loan-status-refused = Not lent
admin-svc-category-camera = Camera body
admin-svc-category-cinema = Cinema camera
admin-svc-category-lens = Lens
admin-svc-category-cinema-lens = Cinema lens
admin-svc-category-flash = Flash
admin-svc-category-printer = Printer
admin-svc-category-accessory = Accessory

## Errors (nothing changed)
admin-svc-error-illegal = The request is “{ $from }” and cannot go to “{ $to }”. Nothing was changed.
admin-svc-error-members-step = Approving or declining the quote is the customer's step. Nothing was changed.
admin-svc-error-receive-with-serial = Receive the product with the receiving form, where the serial number is checked. Nothing was changed.
admin-svc-error-quote-form = A request is diagnosed when its quote is entered. Nothing was changed.
admin-svc-error-loan-out = The request cannot be closed while its loan equipment is out. Take it back in the loan pool first. Nothing was changed.
admin-svc-error-serial-missing = Type the serial number as it reads on the product.
admin-svc-error-serial-mismatch = The serial number does not match the request's product. Check that it is the right product. Nothing was changed.
admin-svc-error-price = Type the price as an amount, for example 1,500.00.
admin-svc-error-empty-quote = Fill in at least one line of the quote.
admin-svc-error-tracking = Enter the parcel's tracking number.
admin-svc-error-tracking-invalid = The tracking number may be at most 100 characters.
admin-svc-error-item-name = Enter a name (at most 200 characters).
admin-svc-error-item-details = Enter a name and a serial number (at most 200 characters each).
admin-svc-error-item-serial-taken = There is loan equipment with that serial number already.
admin-svc-error-item-choose = Choose an available loan item.
admin-svc-error-item-unavailable = That loan item is already lent. Choose another. Nothing was changed.
admin-svc-error-loan-not-pending = The request no longer waits for a loan. Nothing was changed.
admin-svc-error-due = Enter a date (YYYY-MM-DD).
admin-svc-error-due-past = The return date cannot be in the past.

## The audit log
admin-svc-audit-promised-on = Promised by
admin-svc-audit-tracking = Tracking number
admin-svc-audit-lines = Quote lines
admin-svc-audit-list = List price
admin-svc-audit-name = Name
admin-svc-audit-category = Category
admin-svc-audit-loan = Loan (no. in the system)
admin-svc-audit-item = Loan item (no. in the system)
admin-svc-audit-due-back = Due back by
admin-svc-error-awaiting-payment = The product goes back once invoice { $invoice } is paid (bank transfer). Nothing was changed.
