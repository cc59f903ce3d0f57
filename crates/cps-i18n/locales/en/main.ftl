## Layout
programme-name = CPS
programme-long = Canon Professional Services
skip-to-content = Skip to content
nav-label = Main menu
nav-menu = Menu
nav-my-products = My products
nav-account = Account
nav-settings = Account settings
nav-log-out = Log out
nav-log-in = Log in
nav-sign-up = Create business account
language-switch-label = Language
footer-faq = FAQ
footer-support = CPS Priority Support
footer-terms = Terms
footer-privacy = Privacy
footer-note = CPS is a paid membership programme for professional photographers and video makers.

## Forms
form-error-summary = There is a problem with the form
form-optional = (optional)
form-error-prefix = Error:
button-save = Save
button-continue = Continue

## Errors
error-email-required = Enter your email address.
error-email-invalid = Enter an email address in the format name@example.com.
error-password-required = Enter your password.
error-password-too-short = The password must have at least 12 characters.
error-password-too-long = The password can have at most 128 characters.
error-password-common = This password is one of the most common passwords. Choose another, for example a few words in a row.
error-password-mismatch = The passwords are not the same.
error-password-current-wrong = The current password is not right.
error-country-required = Choose a country.
error-country-invalid = Choose a country from the list.
error-vat-required = Enter the VAT number.
error-vat-invalid = The VAT number does not match the chosen country. Swedish numbers are SE + organisation number + 01, for example SE556036079301.
error-vat-or-org-required = Enter a VAT number or an organisation number.
error-org-required = Enter the organisation number.
error-org-invalid = The organisation number does not match the chosen country (check digit or number of digits).
error-org-vat-mismatch = The organisation number does not match the VAT number.
error-company-required = Enter the company name.
error-street-required = Enter the street address.
error-postal-code-required = Enter the postcode.
error-city-required = Enter the town or city.
error-contact-required = Enter a contact person.
error-text-invalid = The text is too long or contains characters that are not allowed.
error-language-invalid = Choose Swedish or English.
error-csrf = The form had expired or did not come from this site. Please try again.
error-too-many-requests = Too many attempts in a short time. Wait a moment and try again.
error-not-found-title = Page not found
error-not-found-text = The page you are looking for does not exist or has moved.
error-forbidden-title = Access denied
error-forbidden-text = You do not have access to this page.
error-server-title = Something went wrong
error-server-text = An error occurred on our side. Please try again in a moment. If it persists, contact CPS Priority Support.
error-too-large-title = Too much data
error-too-large-text = What you sent was too large.
error-bad-request-title = Bad request
error-bad-request-text = The request could not be understood.
error-back-home = Go to the start page

## Home (logged out)
home-title = How to register for CPS
home-lead = CPS is a membership programme for businesses that work with photo and video: register your equipment, collect points and get priority repair and support.
home-step-account = Create a business account. You receive an automatic email and then set a new password.
home-step-products = Register your products under “My products”. If you had a CPS account before, you can migrate your products.
home-step-points = Every fully registered product gives points. At 500 points you are invited to join CPS.
home-step-join = Choose a tier and pay by card or bank transfer. The membership can be used immediately.
home-have-account = Already have an account?

## Sign-up
signup-title = Create a business account
signup-lead = CPS is for registered businesses: companies, sole traders and non-profits. You will receive an email with a link to set your password.
signup-company-legend = The business
signup-contact-legend = Contact person and login
signup-legacy-legend = Previous CPS account
signup-company-name = Company name
signup-vat-number = VAT number
signup-vat-hint = For example SE556036079301. If the business has no VAT number, give the organisation number instead.
signup-org-number = Organisation number
signup-org-hint = For example 556036-0793. Sole trader: your personal identity number.
signup-country = Country
signup-country-choose = Choose a country
signup-street = Street address
signup-postal-code = Postcode
signup-city = Town or city
signup-contact-name = Contact person
signup-email = Email address
signup-email-hint = The address you log in with. We send the link to set your password here.
signup-language = Language
signup-old-email = Your old CPS email address
signup-old-email-hint = Did you have a CPS account in the old system? Give the address you used there, and you can migrate your products.
signup-submit = Create account
signup-sent-title = Check your email
signup-sent-text = We have sent an email from { $sender } to the address you gave, with the next step. The link is valid for 48 hours.
signup-sent-spam = No message? Look in your spam folder, or ask for a new link with “Forgot your password?”.
lang-sv = Swedish
lang-en = English

## Activation and reset
activate-title = Set a new password
activate-lead = Choose a password for your business account. Then log in.
password-new = New password
password-new-hint = At least 12 characters. A few words in a row are easy to remember and hard to guess.
password-confirm = Repeat the password
password-show = Show the password
activate-submit = Save password
token-invalid-title = This link no longer works
token-invalid-text = The link has been used already or has expired. Links to activate an account are valid for 48 hours, links to reset a password for one hour.
token-invalid-action = Ask for a new link
activate-done = Your password is saved. Log in to continue.
reset-done = Your password has been changed. Log in with the new password.
forgot-title = Forgot your password?
forgot-lead = Enter the email address you log in with. We will send you a link to set a new password.
forgot-submit = Send link
forgot-sent-title = Check your email
forgot-sent-text = If the address belongs to an account, we have sent a link to set a new password. The link is valid for one hour.
reset-title = Set a new password

## Login
login-title = Log in
login-email = Email address
login-password = Password
login-submit = Log in
login-forgot = Forgot your password?
login-no-account = No account yet?
login-failed = The email address or the password is not right.
login-throttled = Too many failed logins. Wait a while and try again, or reset your password.
logged-out = You have logged out.
session-expired = You were logged out after a period of inactivity. Please log in again.

## Account settings
settings-title = Account settings
settings-saved = Your changes are saved.
settings-company-legend = Company details
settings-company-submit = Save company details
settings-language-legend = Language
settings-language-submit = Save language
settings-old-email-legend = Previous CPS account
settings-old-email-submit = Save old email address
settings-password-legend = Change password
settings-password-current = Current password
settings-password-submit = Change password
settings-password-changed = Your password has been changed. You have been logged out on all other devices.
settings-login-email = Login email address
settings-role = Role
role-owner = Owner
role-member = Member

## FAQ
faq-title = FAQ
faq-search-label = Search the questions
faq-search-submit = Search
faq-results = Search results
faq-no-results = No question matches “{ $query }”. Try other words or read all the questions.
faq-all = All questions
faq-topics = Topics
faq-read-more = Read more in the FAQ
faq-green-check-link = Why does a product have no green check mark?
