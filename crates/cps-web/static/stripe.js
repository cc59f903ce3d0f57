// Saves a card with Stripe.js: the card element is Stripe's, the card number
// goes from the browser to Stripe only. On submit the SetupIntent is
// confirmed, and its id (not the card) is sent to the portal.
(function () {
  'use strict';
  var box = document.getElementById('stripe-card');
  if (!box || typeof Stripe === 'undefined') return;
  var form = box.closest('form');
  var stripe = Stripe(box.getAttribute('data-key'));
  var card = stripe.elements().create('card');
  card.mount('#card-element');
  var hidden = box.querySelector('input[name="card"]');
  var error = document.getElementById('card-error');
  var busy = false;
  form.addEventListener('submit', function (e) {
    var method = form.querySelector('input[name="method"]:checked');
    if ((method && method.value !== 'card') || hidden.value) return;
    e.preventDefault();
    if (busy) return;
    busy = true;
    error.hidden = true;
    stripe.confirmCardSetup(box.getAttribute('data-secret'), { payment_method: { card: card } }).then(function (r) {
      busy = false;
      if (r.error) {
        error.textContent = r.error.message;
        error.hidden = false;
        return;
      }
      hidden.value = r.setupIntent.id;
      form.submit();
    });
  });
})();
