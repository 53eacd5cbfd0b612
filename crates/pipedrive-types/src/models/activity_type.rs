//! Activity types (call, meeting, deadline, and the account's own ones).
use crate::ActivityTypeId;
use crate::lenient::Flag;

string_enum! {
    /// The icon an activity type is drawn with.
    pub enum ActivityIcon {
        /// Task.
        Task = "task",
        /// Email.
        Email = "email",
        /// Meeting.
        Meeting = "meeting",
        /// Deadline.
        Deadline = "deadline",
        /// Call.
        Call = "call",
        /// Lunch.
        Lunch = "lunch",
        /// Calendar.
        Calendar = "calendar",
        /// Arrow pointing down.
        DownArrow = "downarrow",
        /// Document.
        Document = "document",
        /// Smartphone.
        Smartphone = "smartphone",
        /// Camera.
        Camera = "camera",
        /// Scissors.
        Scissors = "scissors",
        /// Cogs.
        Cogs = "cogs",
        /// Speech bubble.
        Bubble = "bubble",
        /// Arrow pointing up.
        UpArrow = "uparrow",
        /// Checkbox.
        Checkbox = "checkbox",
        /// Signpost.
        Signpost = "signpost",
        /// Shuffle.
        Shuffle = "shuffle",
        /// Address book.
        AddressBook = "addressbook",
        /// Line graph.
        LineGraph = "linegraph",
        /// Picture.
        Picture = "picture",
        /// Car.
        Car = "car",
        /// Globe.
        World = "world",
        /// Magnifying glass.
        Search = "search",
        /// Paper clip.
        Clip = "clip",
        /// Sound.
        Sound = "sound",
        /// Brush.
        Brush = "brush",
        /// Key.
        Key = "key",
        /// Padlock.
        Padlock = "padlock",
        /// Price tag.
        PriceTag = "pricetag",
        /// Suitcase.
        Suitcase = "suitcase",
        /// Finish flag.
        Finish = "finish",
        /// Plane.
        Plane = "plane",
        /// Loop.
        Loop = "loop",
        /// Wi-Fi.
        Wifi = "wifi",
        /// Truck.
        Truck = "truck",
        /// Shopping cart.
        Cart = "cart",
        /// Light bulb.
        Bulb = "bulb",
        /// Bell.
        Bell = "bell",
        /// Presentation board.
        Presentation = "presentation",
    }
}

model! {
    /// A kind of activity, built in or defined by the account.
    pub struct ActivityType {
        /// Id.
        id: Option<ActivityTypeId>,
        /// Position in the list of types.
        order_nr: Option<crate::Integer>,
        /// Display name.
        name: Option<String>,
        /// Key that activities use in their `type` (`call`, `video_call`, ...).
        key_string: Option<String>,
        /// Icon.
        icon_key: Option<ActivityIcon>,
        /// Whether the type is in use (`false` once deleted).
        active_flag: Option<Flag>,
        /// Colour as six hex digits (`FFFFFF`), or empty.
        color: Option<String>,
        /// Whether the account created this type.
        is_custom_flag: Option<Flag>,
        /// Creation time.
        add_time: Option<crate::Timestamp>,
        /// Last update time.
        update_time: Option<crate::Timestamp>,
    }
}
