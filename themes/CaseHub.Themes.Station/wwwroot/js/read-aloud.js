// 朗读: reads the page's main text with the browser's own speech synthesis, in the page's language
// (zh-CN first). The button stays hidden where the browser has no speech, rather than failing when tapped.
(function () {
  var button = document.querySelector("[data-read-aloud]");
  if (!button || !("speechSynthesis" in window) || typeof SpeechSynthesisUtterance === "undefined") return;
  button.hidden = false;
  button.addEventListener("click", function () {
    var synth = window.speechSynthesis;
    if (synth.speaking) { synth.cancel(); return; } // a second tap stops the reading
    var main = document.getElementById("main");
    var utterance = new SpeechSynthesisUtterance((main ? main.innerText : document.body.innerText).trim());
    utterance.lang = document.documentElement.lang === "en" ? "en-GB" : "zh-CN";
    utterance.rate = 0.9; // a little slower than the default, for older listeners
    synth.speak(utterance);
  });
})();
