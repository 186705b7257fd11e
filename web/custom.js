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

    // A wrong password is said so, not asked again silently
    var get_password = Sao.Login.prototype.get_password;
    Sao.Login.prototype.get_password = function(message, name) {
        if (this._password_asked) {
            message = Sao.i18n.gettext('Wrong password.') + ' ' + message;
        }
        this._password_asked = true;
        return get_password.call(this, message, name);
    };

    // The product's name in the page title, the header and the login
    Sao.config.title = 'itsvc';
    document.title = Sao.config.title;
    document.documentElement.lang = 'ru';
    jQuery(function() {
        jQuery('#title').text(Sao.config.title);
    });

    // Titles of dialogs the web client does not translate (Preferences)
    var dialog_init = Sao.Dialog.prototype.init;
    Sao.Dialog.prototype.init = function(title) {
        var args = Array.prototype.slice.call(arguments);
        if (title) {
            args[0] = Sao.i18n.gettext(title);
        }
        return dialog_init.apply(this, args);
    };

    // File sizes in Russian units: «1,2 КБ», «0 Б»
    var humanize = Sao.common.humanize;
    var units = {'B': 'Б', 'kB': 'КБ', 'MB': 'МБ', 'GB': 'ГБ', 'TB': 'ТБ'};
    Sao.common.humanize = function(size, suffix) {
        var text = humanize(size, suffix);
        if (suffix != 'B') {
            return text;
        }
        return text.replace(/^(.*?)([kMGT]?B)$/, function(all, number, unit) {
            return number + '\u00a0' + (units[unit] || unit);
        });
    };

    // The footer of a list says which sum is which: the total, and the sum
    // of the selected rows when some are selected
    var update_with_selection = Sao.View.Tree.prototype.update_with_selection;
    Sao.View.Tree.prototype.update_with_selection = function() {
        var result = update_with_selection.apply(this, arguments);
        var selected = this.selected_records.length;
        for (const [, widget] of this.sum_widgets) {
            var value = widget[1];
            var parts = value.text().split('\n');
            if (parts.length != 2) {
                continue;
            }
            var total = Sao.i18n.gettext('Total: %1', parts[1]);
            value.text(selected ?
                Sao.i18n.gettext('Selected: %1', parts[0]) + '\n' + total :
                total);
            value.parent().attr('title',
                widget[0].text() + '\n' + value.text());
        }
        return result;
    };

    // Figures of the graphs with the separators of the user's language:
    // «2 400 000», not «2400000»
    var bb_config = Sao.View.Graph.Chart.prototype._bb_config;
    Sao.View.Graph.Chart.prototype._bb_config = function(data) {
        var config = bb_config.call(this, data);
        var locale = Sao.i18n.BC47(Sao.i18n.getlang());
        var format = function(value) {
            return typeof value == 'number' ? value.toLocaleString(locale) :
                value;
        };
        if (config.axis) {
            config.axis.y = config.axis.y || {};
            config.axis.y.tick = jQuery.extend(
                {}, config.axis.y.tick, {'format': format});
        }
        config.tooltip = jQuery.extend(true, {}, config.tooltip,
            {'format': {'value': format}});
        return config;
    };
}());
