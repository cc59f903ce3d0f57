// Saves a card with Stripe.js: the card element is Stripe's, the card number
// goes from the browser to Stripe only. On submit the portal is asked (a
// same-origin POST with the form's CSRF token) for a SetupIntent, which is
// then confirmed with the card; its id (not the card) is sent to the portal.
// Only looking at the page makes no SetupIntent.
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
  function fail(message) {
    busy = false;
    error.textContent = message;
    error.hidden = false;
  }
  function clientSecret() {
    return fetch(box.getAttribute('data-setup'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'csrf=' + encodeURIComponent(box.getAttribute('data-csrf')),
    }).then(function (res) {
      if (!res.ok) throw new Error(res.statusText || String(res.status));
      return res.json();
    }).then(function (body) { return body.client_secret; });
  }
  form.addEventListener('submit', function (e) {
    var method = form.querySelector('input[name="method"]:checked');
    if ((method && method.value !== 'card') || hidden.value) return;
    e.preventDefault();
    if (busy) return;
    busy = true;
    error.hidden = true;
    clientSecret().then(function (secret) {
      return stripe.confirmCardSetup(secret, { payment_method: { card: card } });
    }).then(function (r) {
      if (r.error) {
        fail(r.error.message);
        return;
      }
      hidden.value = r.setupIntent.id;
      form.submit();
    }, function () {
      fail(box.getAttribute('data-setup-failed'));
    });
  });
})();
