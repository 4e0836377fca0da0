process.env.EXPECTED_EXPRESS_MAJOR = "4";
import "./express-version";
