/* itsvc: customisations of the Tryton web client (loaded by index.html
 * after tryton-sao.js). */
(function() {
    'use strict';
    // Our users work in Russian: the login page is in Russian whatever the
    // browser's language; after login the user's preference applies.
    var setlang = Sao.i18n.setlang;
    Sao.i18n.setlang = function(lang) {
        return setlang.call(this, lang || 'ru');
    };
}());
