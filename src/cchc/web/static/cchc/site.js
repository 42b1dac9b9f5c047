// The site's only script (the Content-Security-Policy allows no inline script):
// a <select data-autosubmit> sends its form as soon as another option is chosen.
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-autosubmit]")) {
    event.target.form.submit();
  }
});
