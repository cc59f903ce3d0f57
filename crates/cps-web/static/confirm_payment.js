// Confirms, on-session, the PaymentIntent an off-session charge left waiting
// for the card holder (3-D Secure): the same PaymentIntent, so the invoice is
// charged once. Stripe.js shows the bank's window; afterwards the portal reads
// the PaymentIntent back from Stripe (never from the browser) and books it.
(function () {
  'use strict';
  var button = document.getElementById('confirm-pay');
  if (!button || typeof Stripe === 'undefined') return;
  var error = document.getElementById('confirm-error');
  var stripe = Stripe(button.getAttribute('data-key'));
  button.hidden = false;
  button.addEventListener('click', function () {
    button.disabled = true;
    error.hidden = true;
    var method = button.getAttribute('data-payment-method');
    var data = method ? { payment_method: method } : undefined;
    stripe.confirmCardPayment(button.getAttribute('data-secret'), data).then(function (result) {
      if (result.error) {
        error.textContent = button.getAttribute('data-failed');
        error.hidden = false;
        button.disabled = false;
        return;
      }
      window.location.assign(button.getAttribute('data-done'));
    });
  });
})();
