// The mapping page: a "select all rows" box, shown only when scripts run (the page works without).
document.addEventListener("DOMContentLoaded", () => {
  const all = document.getElementById("pick-all");
  if (!all) return;
  const boxes = () => document.querySelectorAll('#mapping-form input[name="pick"]');
  all.hidden = false;
  all.addEventListener("change", () => boxes().forEach((box) => { box.checked = all.checked; }));
});
