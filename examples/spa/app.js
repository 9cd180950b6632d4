// A customer browser on the odoo-gateway GraphQL API: cursor pagination,
// a partner with its orders, and a create form. Plain JavaScript: every
// call is a fetch POST of {query, variables} to <gateway>/graphql with the
// API key in X-API-Key. The key stays in this page's memory only.
"use strict";

const PAGE_SIZE = 5;

const CUSTOMERS = `query Customers($first: Int, $after: String, $last: Int, $before: String) {
  viewer { name }
  customers(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    nodes { id name email city countryCode }
  }
}`;

const PARTNER = `query Partner($id: ID!) {
  partner(id: $id) {
    id name email phone city countryCode
    saleOrders(first: 10) {
      totalCount
      nodes { id name state orderDate amountTotal { amount currency } }
    }
  }
}`;

const CREATE = `mutation CreatePartner($input: CreatePartnerInput!, $key: String) {
  createPartner(input: $input, idempotencyKey: $key) {
    partner { id name }
    userErrors { field message }
  }
}`;

const state = { endpoint: "", key: "", page: 1, pageInfo: null, selected: null };
const $ = (id) => document.getElementById(id);

// GraphQLError carries the errors of a response.
class GraphQLError extends Error {
  constructor(errors) {
    super(errors.map((e) => e.message + (e.extensions && e.extensions.code ? ` (${e.extensions.code})` : "")).join("; "));
    this.errors = errors;
  }
}

// graphql posts one operation and returns {data, errors}. A failure of the
// request itself (network, CORS, 401, 429) throws.
async function graphql(query, variables) {
  let res;
  try {
    res = await fetch(state.endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-API-Key": state.key },
      body: JSON.stringify({ query, variables }),
    });
  } catch (e) {
    throw new Error(`Could not reach the gateway at ${state.endpoint}: ${e.message}. ` +
      "Is it running, and does GATEWAY_CORS_ORIGINS include this page's origin?");
  }
  let body;
  try {
    body = await res.json();
  } catch (e) {
    throw new Error(`The gateway answered ${res.status} without a GraphQL body.`);
  }
  if (!res.ok && !body.data) {
    throw new GraphQLError(body.errors || [{ message: `HTTP ${res.status}` }]);
  }
  return { data: body.data || {}, errors: body.errors || [] };
}

function showError(err) {
  const el = $("error");
  el.textContent = err ? String(err.message || err) : "";
  el.hidden = !err;
}

// text returns a text node-safe value: data never goes through innerHTML.
function cell(text) {
  const td = document.createElement("td");
  td.textContent = text == null ? "" : String(text);
  return td;
}

async function loadCustomers(variables) {
  const { data, errors } = await graphql(CUSTOMERS, variables);
  if (!data.customers) {
    throw new GraphQLError(errors);
  }
  if (data.viewer) {
    $("viewer").textContent = `Connected as ${data.viewer.name}`;
  }
  const conn = data.customers;
  state.pageInfo = conn.pageInfo;
  const body = $("customers");
  body.replaceChildren();
  for (const p of conn.nodes) {
    const tr = document.createElement("tr");
    tr.dataset.id = p.id;
    tr.append(cell(p.name), cell(p.email), cell(p.city), cell(p.countryCode));
    const open = document.createElement("button");
    open.type = "button";
    open.className = "open";
    open.textContent = "Open";
    open.addEventListener("click", () => openPartner(p.id).catch(showError));
    const td = document.createElement("td");
    td.append(open);
    tr.append(td);
    if (p.id === state.selected) tr.className = "selected";
    body.append(tr);
  }
  $("total").textContent = `(${conn.totalCount})`;
  $("page-label").textContent = `Page ${state.page} of ${Math.max(1, Math.ceil(conn.totalCount / PAGE_SIZE))}`;
  $("prev").disabled = !conn.pageInfo.hasPreviousPage;
  $("next").disabled = !conn.pageInfo.hasNextPage;
  showError(null);
}

async function openPartner(id) {
  state.selected = id;
  for (const tr of $("customers").querySelectorAll("tr")) {
    tr.className = tr.dataset.id === id ? "selected" : "";
  }
  const { data, errors } = await graphql(PARTNER, { id });
  const p = data.partner;
  if (!p) {
    throw new GraphQLError(errors);
  }
  $("detail-name").textContent = p.name;
  $("detail-email").textContent = p.email || "—";
  $("detail-phone").textContent = p.phone || "—";
  $("detail-city").textContent = p.city || "—";
  $("detail-country").textContent = p.countryCode || "—";
  const list = $("orders");
  list.replaceChildren();
  const note = $("orders-note");
  note.hidden = true;
  if (p.saleOrders) {
    $("orders-total").textContent = `(${p.saleOrders.totalCount})`;
    for (const o of p.saleOrders.nodes) {
      const li = document.createElement("li");
      li.dataset.id = o.id;
      const date = o.orderDate ? o.orderDate.slice(0, 10) : "";
      li.textContent = `${o.name} · ${date} · ${o.state} · ${o.amountTotal.amount.toFixed(2)} ${o.amountTotal.currency || ""}`;
      list.append(li);
    }
    if (p.saleOrders.nodes.length === 0) {
      note.textContent = "No orders.";
      note.hidden = false;
    }
  } else {
    // A key without orders:read still sees the partner.
    $("orders-total").textContent = "";
    note.textContent = "Orders are not available: " + errors.map((e) => e.message).join("; ");
    note.hidden = false;
  }
  $("detail").hidden = false;
}

async function createPartner(form) {
  const input = { name: form.name.value };
  if (form.email.value.trim()) input.email = form.email.value;
  if (form.countryCode.value.trim()) input.countryCode = form.countryCode.value;
  // One idempotency key per submission: a retry of this request after a
  // network failure could not create the partner twice.
  const key = window.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random();
  const { data, errors } = await graphql(CREATE, { input, key });
  const status = $("create-status");
  const list = $("create-errors");
  list.replaceChildren();
  const payload = data.createPartner;
  if (!payload) {
    throw new GraphQLError(errors);
  }
  if (payload.userErrors.length > 0) {
    status.textContent = "Not created:";
    for (const e of payload.userErrors) {
      const li = document.createElement("li");
      li.textContent = `${(e.field || []).slice(1).join(".") || "input"}: ${e.message}`;
      list.append(li);
    }
    return;
  }
  status.textContent = `Created partner #${payload.partner.id}: ${payload.partner.name}`;
  form.reset();
}

$("connect-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  state.endpoint = $("gateway").value.replace(/\/+$/, "") + "/graphql";
  state.key = $("apikey").value.trim();
  state.page = 1;
  $("create").disabled = false;
  loadCustomers({ first: PAGE_SIZE }).catch(showError);
});

$("next").addEventListener("click", () => {
  state.page++;
  loadCustomers({ first: PAGE_SIZE, after: state.pageInfo.endCursor }).catch((e) => {
    state.page--;
    showError(e);
  });
});

$("prev").addEventListener("click", () => {
  state.page--;
  loadCustomers({ last: PAGE_SIZE, before: state.pageInfo.startCursor }).catch((e) => {
    state.page++;
    showError(e);
  });
});

$("create-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  createPartner(ev.target).catch(showError);
});

// ?gateway=http://host:port fills in the gateway (never the key: keys do
// not belong in URLs).
const fromURL = new URLSearchParams(window.location.search).get("gateway");
if (fromURL) {
  $("gateway").value = fromURL;
}
