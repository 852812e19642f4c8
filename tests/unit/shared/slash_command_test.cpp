// parseSlashCommand: the typical commands, the tokenizer rules (quotes,
// phone-number runs, commas) and hostile input.
#include "confab/shared/slash_command.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace confab {
namespace {

using Args = std::vector<std::string>;

SlashCommand parsed(std::string_view input) {
    auto result = parseSlashCommand(input);
    if (auto* error = std::get_if<CommandError>(&result)) {
        ADD_FAILURE() << "unexpected error for '" << input << "': " << error->message;
        return {};
    }
    return std::get<SlashCommand>(result);
}

CommandError failed(std::string_view input) {
    auto result = parseSlashCommand(input);
    if (auto* command = std::get_if<SlashCommand>(&result)) {
        ADD_FAILURE() << "'" << input << "' parsed, with " << command->args.size() << " arguments";
        return {};
    }
    return std::get<CommandError>(result);
}

TEST(SlashCommandTest, ParsesTheExampleFromTheDesign) {
    const SlashCommand command = parsed(R"(/call bob "Carol Smith" +1 555 123 4567)");
    EXPECT_EQ(command.name, CommandName::Call);
    EXPECT_EQ(command.raw_name, "call");
    EXPECT_EQ(command.args, (Args{"bob", "Carol Smith", "+1 555 123 4567"}));
}

TEST(SlashCommandTest, AliasAndCaseKeepTheTypedName) {
    const SlashCommand command = parsed("/ADD dave");
    EXPECT_EQ(command.name, CommandName::Invite);
    EXPECT_EQ(command.raw_name, "ADD");
    EXPECT_EQ(command.args, (Args{"dave"}));
}

TEST(SlashCommandTest, EveryCommandParses) {
    EXPECT_EQ(parsed("/invite a").name, CommandName::Invite);
    EXPECT_EQ(parsed("/hangup all").name, CommandName::Hangup);
    EXPECT_EQ(parsed("/mute").name, CommandName::Mute);
    EXPECT_EQ(parsed("/unmute bob").name, CommandName::Unmute);
    EXPECT_EQ(parsed("/kick bob").name, CommandName::Kick);
    EXPECT_EQ(parsed("/lock").name, CommandName::Lock);
    EXPECT_EQ(parsed("/unlock").name, CommandName::Unlock);
    EXPECT_EQ(parsed("/list").name, CommandName::List);
    EXPECT_EQ(parsed("/end").name, CommandName::End);
    EXPECT_EQ(parsed("/help").name, CommandName::Help);
    EXPECT_EQ(parsed("/help call").args, (Args{"call"}));
    EXPECT_EQ(parsed("/help /add").args, (Args{"/add"}));
    EXPECT_EQ(parsed("/moderator carol").name, CommandName::Moderator);
    EXPECT_EQ(parsed("/accept").name, CommandName::Accept);
    EXPECT_EQ(parsed("/decline").name, CommandName::Decline);
}

TEST(SlashCommandTest, JoinsPhoneNumbersWrittenInPieces) {
    EXPECT_EQ(parsed("/call +1-555-123-4567").args, (Args{"+1-555-123-4567"}));
    EXPECT_EQ(parsed("/call (555) 123-4567 bob").args, (Args{"(555) 123-4567", "bob"}));
    EXPECT_EQ(parsed("/call +44 20 7946 0958").args, (Args{"+44 20 7946 0958"}));
    EXPECT_EQ(parsed("/call 555.123.4567").args, (Args{"555.123.4567"}));
}

TEST(SlashCommandTest, SeparatesNumbersAtPlusCommaOrFifteenDigits) {
    EXPECT_EQ(parsed("/call +1 555 123 4567 +44 20 7946 0958").args,
              (Args{"+1 555 123 4567", "+44 20 7946 0958"}));
    EXPECT_EQ(parsed("/call 555 123 4567, 555 987 6543").args,
              (Args{"555 123 4567", "555 987 6543"}));
    EXPECT_EQ(parsed("/call 5551234567 5559876543").args, (Args{"5551234567", "5559876543"}));
}

TEST(SlashCommandTest, CommasSeparateArgumentsOutsideQuotes) {
    EXPECT_EQ(parsed("/invite bob, carol,dave").args, (Args{"bob", "carol", "dave"}));
    EXPECT_EQ(parsed(R"(/invite "Smith, Carol")").args, (Args{"Smith, Carol"}));
}

TEST(SlashCommandTest, QuotedPiecesAreNeverJoinedIntoNumbers) {
    EXPECT_EQ(parsed(R"(/call "555" 123)").args, (Args{"555", "123"}));
}

TEST(SlashCommandTest, QuotesAndEscapes) {
    EXPECT_EQ(parsed(R"(/kick "say \"hi\"")").args, (Args{R"(say "hi")"}));
    EXPECT_EQ(parsed(R"(/kick "back\\slash")").args, (Args{R"(back\slash)"}));
    EXPECT_EQ(parsed(R"(/kick "keep\n")").args, (Args{R"(keep\n)"}));
    EXPECT_EQ(parsed(R"(/kick out\side)").args, (Args{R"(out\side)"}));
    EXPECT_EQ(parsed(R"(/kick Carol" "Smith)").args, (Args{"Carol Smith"}));
    EXPECT_EQ(parsed(R"(/call"bob")").args, (Args{"bob"}));
}

TEST(SlashCommandTest, XmlSpecialCharactersSurviveAsData) {
    EXPECT_EQ(parsed(R"(/kick <b>&amp;'x' "<script>&\"")").args,
              (Args{"<b>&amp;'x'", R"(<script>&")"}));
    EXPECT_EQ(parsed("/invite ]]>").args, (Args{"]]>"}));
}

TEST(SlashCommandTest, WhitespaceVariants) {
    EXPECT_EQ(parsed("/call\tbob\t\tcarol  ").args, (Args{"bob", "carol"}));
    EXPECT_EQ(parsed("/call \"Carol\tSmith\"").args, (Args{"Carol Smith"}));
    EXPECT_EQ(parsed("/call bob\n").args, (Args{"bob"}));
    EXPECT_EQ(parsed("/call bob\r\n").args, (Args{"bob"}));
    // No-break space and ideographic space separate arguments too.
    EXPECT_EQ(parsed("/call\u00A0bob\u3000carol").args, (Args{"bob", "carol"}));
}

TEST(SlashCommandTest, UnicodeNamesAreArguments) {
    EXPECT_EQ(parsed("/invite Zoë 李雷 🎉").args, (Args{"Zoë", "李雷", "🎉"}));
}

TEST(SlashCommandTest, EmptyAndSlashOnly) {
    EXPECT_EQ(failed("").kind, CommandErrorKind::EmptyInput);
    EXPECT_EQ(failed("\n").kind, CommandErrorKind::EmptyInput);
    EXPECT_EQ(failed("/").kind, CommandErrorKind::NoCommandName);
    EXPECT_EQ(failed("/ call").kind, CommandErrorKind::NoCommandName);
    EXPECT_EQ(failed("hello").kind, CommandErrorKind::NotACommand);
    EXPECT_EQ(failed(" /call bob").kind, CommandErrorKind::NotACommand);
}

TEST(SlashCommandTest, UnknownCommandSuggestsTheClosest) {
    const CommandError typo = failed("/cal bob");
    EXPECT_EQ(typo.kind, CommandErrorKind::UnknownCommand);
    EXPECT_NE(typo.message.find("/cal"), std::string::npos) << typo.message;
    EXPECT_NE(typo.message.find("did you mean /call?"), std::string::npos) << typo.message;
    EXPECT_NE(typo.message.find("/help"), std::string::npos) << typo.message;

    EXPECT_NE(failed("/hang").message.find("/hangup"), std::string::npos);
    EXPECT_EQ(failed("/xyzzy").message.find("did you mean"), std::string::npos);
}

TEST(SlashCommandTest, UnknownCommandEchoIsShortened) {
    const CommandError error = failed("/" + std::string(500, 'q'));
    EXPECT_LT(error.message.size(), 120U) << error.message;
}

TEST(SlashCommandTest, MissingArgumentsExplainUsage) {
    const CommandError call = failed("/call");
    EXPECT_EQ(call.kind, CommandErrorKind::MissingArgument);
    EXPECT_EQ(call.message, "/call needs at least one participant: /call <who>...");
    EXPECT_EQ(failed("/add").message, "/add needs at least one participant: /add <who>...");
    EXPECT_EQ(failed("/hangup").message, "/hangup needs <who> or all: /hangup <who>... | all");
}

TEST(SlashCommandTest, ExtraArgumentsAreRefused) {
    const CommandError lock = failed("/lock now");
    EXPECT_EQ(lock.kind, CommandErrorKind::UnexpectedArgument);
    EXPECT_EQ(lock.message, "/lock takes no arguments: /lock");
    EXPECT_EQ(failed("/help call mute").kind, CommandErrorKind::UnexpectedArgument);
}

TEST(SlashCommandTest, AllCannotBeMixedWithNames) {
    const CommandError error = failed("/hangup all bob");
    EXPECT_EQ(error.kind, CommandErrorKind::BadArgument);
    EXPECT_NE(error.message.find("/hangup <who>... | all"), std::string::npos) << error.message;
    EXPECT_EQ(parsed("/mute all").args, (Args{"all"}));
}

TEST(SlashCommandTest, HelpForAnUnknownCommand) {
    const CommandError error = failed("/help cal");
    EXPECT_EQ(error.kind, CommandErrorKind::UnknownCommand);
    EXPECT_NE(error.message.find("/call"), std::string::npos) << error.message;
}

TEST(SlashCommandTest, UnbalancedQuoteReportsItsColumn) {
    const CommandError error = failed(R"(/call bob "Carol Smith)");
    EXPECT_EQ(error.kind, CommandErrorKind::UnbalancedQuote);
    EXPECT_EQ(error.column, 11U);
    EXPECT_NE(error.message.find("column 11"), std::string::npos) << error.message;
    EXPECT_EQ(failed(R"(/call "a\")").kind, CommandErrorKind::UnbalancedQuote);
}

TEST(SlashCommandTest, ColumnsCountCharactersNotBytes) {
    EXPECT_EQ(failed("/call Zoë \"x").column, 11U);
}

TEST(SlashCommandTest, EmptyQuotedArgument) {
    const CommandError error = failed(R"(/call bob "")");
    EXPECT_EQ(error.kind, CommandErrorKind::EmptyArgument);
    EXPECT_EQ(error.column, 11U);
}

TEST(SlashCommandTest, ControlCharactersAreRefusedWithTheirCode) {
    for (const std::string& input : {std::string("/call bob\x01"), std::string("/call\x1b[31m bob"),
                                     std::string("/call bob\ncarol"), std::string("/call b\x7f"),
                                     std::string("/call b\r"), std::string("/call \xc2\x85")}) {
        const CommandError error = failed(input);
        EXPECT_EQ(error.kind, CommandErrorKind::ControlCharacter) << input;
        EXPECT_NE(error.message.find("U+"), std::string::npos) << error.message;
    }
    const std::string with_nul("/call bob\0carol", 15);
    const CommandError nul = failed(with_nul);
    EXPECT_EQ(nul.kind, CommandErrorKind::ControlCharacter);
    EXPECT_EQ(nul.column, 10U);
    EXPECT_NE(nul.message.find("U+0000"), std::string::npos) << nul.message;
}

TEST(SlashCommandTest, TextDirectionTricksAreRefused) {
    const CommandError error = failed("/kick bob\u202Eevil");
    EXPECT_EQ(error.kind, CommandErrorKind::ControlCharacter);
    EXPECT_NE(error.message.find("U+202E"), std::string::npos) << error.message;
}

TEST(SlashCommandTest, InvalidUtf8IsRefused) {
    for (const std::string& input :
         {std::string("/call \xff"), std::string("/call \xc3"), std::string("/call \xc0\xaf"),
          std::string("/call \xed\xa0\x80"), std::string("/call \xf4\x90\x80\x80"),
          std::string("/\x80"), std::string("/call bob \xe2\x82")}) {
        EXPECT_EQ(failed(input).kind, CommandErrorKind::InvalidUtf8) << input;
    }
    EXPECT_EQ(failed("/call \xff").column, 7U);
}

TEST(SlashCommandTest, LengthLimit) {
    const std::string at_limit = "/call " + std::string(kMaxSlashCommandBytes - 6, 'a');
    EXPECT_EQ(parsed(at_limit).args.size(), 1U);
    const CommandError error = failed(at_limit + "a");
    EXPECT_EQ(error.kind, CommandErrorKind::TooLong);
    EXPECT_NE(error.message.find("4096"), std::string::npos) << error.message;
    EXPECT_EQ(failed(std::string(1 << 20, '"')).kind, CommandErrorKind::TooLong);
}

TEST(SlashCommandTest, ArgumentCountLimit) {
    std::string input = "/invite";
    for (std::size_t i = 0; i < kMaxSlashCommandArguments; ++i) {
        input += " p" + std::to_string(i);
    }
    EXPECT_EQ(parsed(input).args.size(), kMaxSlashCommandArguments);
    const CommandError error = failed(input + " one-more");
    EXPECT_EQ(error.kind, CommandErrorKind::TooManyArguments);
    EXPECT_NE(error.message.find("100"), std::string::npos) << error.message;
}

TEST(SlashCommandTest, LookAlikeDigitsStaySeparateWords) {
    // Fullwidth digits are not number pieces: they are passed on as they are
    // and normalizeToE164 refuses them with a reason.
    EXPECT_EQ(parsed("/call \uFF15\uFF15\uFF15 123").args, (Args{"\uFF15\uFF15\uFF15", "123"}));
}

TEST(SlashCommandTest, NastyShapesNeverCrash) {
    for (const std::string& input :
         {std::string("/\""), std::string("/\"\""), std::string("/,"), std::string("/call ,,,"),
          std::string("/call \\"), std::string("/call \"\\"), std::string("/call +"),
          std::string("/call - - -"), std::string("/call ++1"), std::string("//call"),
          std::string(4096, '/'), std::string("/call ") + std::string(4000, '"')}) {
        (void)parseSlashCommand(input);
    }
    EXPECT_EQ(parsed("/call - ( )").args, (Args{"-", "(", ")"}));
}

}  // namespace
}  // namespace confab
